package aws

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/driftfix/driftfix/cloud/awslocal"
)

// The access-key calls against both endpoints: awslocal, and moto (an AWS
// endpoint driftfix did not write). A key created through the real SDK is
// looked up (its user, that it is Active and never used), set Inactive and
// read back Inactive; a key the account does not have is not found; errors
// never repeat a key ID.
func TestAccessKeysAgainstEndpoints(t *testing.T) {
	for _, ep := range []struct {
		name  string
		start func(t testing.TB) string
	}{
		{"awslocal", func(t testing.TB) string {
			ts := httptest.NewServer(awslocal.New(nil, awslocal.Options{}))
			t.Cleanup(ts.Close)
			return ts.URL
		}},
		{"moto", startMoto},
	} {
		t.Run(ep.name, func(t *testing.T) {
			isolate(t)
			url := ep.start(t)
			ctx := t.Context()
			cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-east-1"), config.WithBaseEndpoint(url))
			if err != nil {
				t.Fatal(err)
			}
			iamc := iam.NewFromConfig(cfg)
			mustDo[*iam.CreateUserOutput](t, "create user")(iamc.CreateUser(ctx, &iam.CreateUserInput{UserName: awssdk.String("ci-deploy")}))
			created := mustDo[*iam.CreateAccessKeyOutput](t, "create key")(iamc.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: awssdk.String("ci-deploy")}))
			id := awssdk.ToString(created.AccessKey.AccessKeyId)

			r, err := New(ctx, Options{Regions: []string{"us-east-1"}, Endpoint: url, MaxBackoff: 20 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			k, err := r.AccessKey(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !k.InCallerAccount() || !k.Found || k.User != "ci-deploy" || k.Status != "Active" || !k.LastUsed.IsZero() {
				t.Fatalf("looked up %+v; want an Active, never used key of ci-deploy in the caller's account", k)
			}
			if err := r.DeactivateAccessKey(ctx, "ci-deploy", id); err != nil {
				t.Fatal(err)
			}
			if k, err = r.AccessKey(ctx, id); err != nil || k.Status != "Inactive" || !k.Found {
				t.Fatalf("after deactivating: %+v, %v", k, err)
			}
			keys := mustDo[*iam.ListAccessKeysOutput](t, "list keys")(iamc.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: awssdk.String("ci-deploy")}))
			if len(keys.AccessKeyMetadata) != 1 {
				t.Errorf("the user has %d keys after deactivating, want the one (never deleted)", len(keys.AccessKeyMetadata))
			}

			// a key the account does not hold: another account's (awslocal
			// derives one from the ID, as AWS reads it from the ID), or not
			// found (moto names the caller's account for any ID)
			other := "AKIAQ4ZTQ7XW3MN5VB2C"
			k, err = r.AccessKey(ctx, other)
			if err != nil {
				t.Fatal(err)
			}
			if k.Found || k.User != "" {
				t.Errorf("an unknown key was found: %+v", k)
			}
			// an error names the call and the user, never the key
			err = r.DeactivateAccessKey(ctx, "nobody", other)
			if err == nil || strings.Contains(err.Error(), other) || !strings.Contains(err.Error(), "UpdateAccessKey") {
				t.Errorf("deactivating a key of nobody: %v", err)
			}
		})
	}
}

// awslocal's seeded keys carry their last use, and a key of another
// account is named as such.
func TestAccessKeyLastUsed(t *testing.T) {
	seed := &awslocal.Seed{
		IAMUsers: []awslocal.IAMUser{{Name: "legacy-ci"}},
		IAMAccessKeys: []awslocal.IAMAccessKey{{ID: "AKIAT7LQ2N4XKD5WZ3RB", User: "legacy-ci", CreateDate: "2023-03-01T10:00:00Z",
			LastUsedDate: "2024-05-06T07:08:09Z", LastUsedService: "s3", LastUsedRegion: "eu-west-1"}},
	}
	srv, r := startIn(t, []string{"us-east-1"}, seed, awslocal.Options{})
	k, err := r.AccessKey(t.Context(), "AKIAT7LQ2N4XKD5WZ3RB")
	if err != nil {
		t.Fatal(err)
	}
	want := AccessKey{Account: srv.AccountID(), Caller: srv.AccountID(), Found: true, User: "legacy-ci", Status: "Active",
		Created: time.Date(2023, 3, 1, 10, 0, 0, 0, time.UTC), LastUsed: time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC), LastService: "s3", LastRegion: "eu-west-1"}
	if k != want {
		t.Errorf("got  %+v\nwant %+v", k, want)
	}
	foreign, err := r.AccessKey(t.Context(), "AKIAZZ3QW7RT5YU2IO4P")
	if err != nil || foreign.InCallerAccount() || foreign.Account == "" || foreign.User != "" {
		t.Errorf("a key of another account: %+v %v", foreign, err)
	}
	if n := srv.Calls()[awslocal.Call{Service: "iam", Action: "GetAccessKeyLastUsed"}]; n != 1 {
		t.Errorf("GetAccessKeyLastUsed called %d times, want 1 (not for another account's key)", n)
	}
}
