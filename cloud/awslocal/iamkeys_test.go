package awslocal

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// The IAM user and access-key calls and STS GetAccessKeyInfo, through the
// real SDK: answers, pagination, quota and error codes as AWS gives them.
func TestIAMAccessKeys(t *testing.T) {
	seed := &Seed{
		IAMUsers:      []IAMUser{{Name: "legacy-ci", Path: "/ci/"}},
		IAMAccessKeys: []IAMAccessKey{{ID: "AKIAT7LQ2N4XKD5WZ3RB", User: "legacy-ci", Status: "Inactive"}},
	}
	e := newEnv(t, seed, Options{})
	ctx := t.Context()
	c := e.iam()

	if _, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("deploy")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("deploy")}); errorCode(err) != "EntityAlreadyExists" {
		t.Errorf("second CreateUser: %v, want EntityAlreadyExists", err)
	}
	var ids []string
	for range 2 {
		out, err := c.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("deploy")})
		if err != nil {
			t.Fatal(err)
		}
		k := out.AccessKey
		if id := aws.ToString(k.AccessKeyId); !accessKeyIDRE.MatchString(id) || k.Status != "Active" || len(aws.ToString(k.SecretAccessKey)) != 40 {
			t.Fatalf("created key %+v", k)
		}
		ids = append(ids, aws.ToString(k.AccessKeyId))
	}
	if _, err := c.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("deploy")}); errorCode(err) != "LimitExceeded" {
		t.Errorf("third key: %v, want LimitExceeded", err)
	}

	// every page of the user's keys
	var listed []string
	p := iam.NewListAccessKeysPaginator(c, &iam.ListAccessKeysInput{UserName: aws.String("deploy"), MaxItems: aws.Int32(1)})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, m := range out.AccessKeyMetadata {
			listed = append(listed, aws.ToString(m.AccessKeyId))
		}
	}
	if pages != 2 || strings.Join(listed, ",") != strings.Join(ids, ",") {
		t.Errorf("listed %v in %d pages, want %v in 2", listed, pages, ids)
	}

	used, err := c.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String(ids[0])})
	if err != nil || aws.ToString(used.UserName) != "deploy" || used.AccessKeyLastUsed.LastUsedDate != nil || aws.ToString(used.AccessKeyLastUsed.ServiceName) != "N/A" {
		t.Errorf("GetAccessKeyLastUsed of a new key: %+v %v", used, err)
	}
	if _, err := c.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String("AKIAZZZZ2222ZZZZ2222")}); errorCode(err) != "NoSuchEntity" {
		t.Errorf("GetAccessKeyLastUsed of an unknown key: %v, want NoSuchEntity", err)
	}

	if _, err := c.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{AccessKeyId: aws.String(ids[0]), Status: "Inactive"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{AccessKeyId: aws.String(ids[1]), Status: "Disabled"}); errorCode(err) != "ValidationError" {
		t.Errorf("status Disabled: %v, want ValidationError", err)
	}
	if _, err := c.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: aws.String("legacy-ci"), AccessKeyId: aws.String(ids[1]), Status: "Inactive"}); errorCode(err) != "NoSuchEntity" {
		t.Errorf("another user's key: %v, want NoSuchEntity", err)
	}
	// driftfix never deletes a key, and awslocal does not serve it
	if _, err := c.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{AccessKeyId: aws.String(ids[1])}); errorCode(err) != "InvalidAction" {
		t.Errorf("DeleteAccessKey: %v, want InvalidAction", err)
	}
	out, err := c.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String("deploy")})
	if err != nil || len(out.AccessKeyMetadata) != 2 || out.AccessKeyMetadata[0].Status != "Inactive" || out.AccessKeyMetadata[1].Status != "Active" {
		t.Errorf("after the updates: %+v %v", out, err)
	}
	seeded, err := c.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String("legacy-ci")})
	if err != nil || len(seeded.AccessKeyMetadata) != 1 || seeded.AccessKeyMetadata[0].Status != "Inactive" {
		t.Errorf("the seeded key: %+v %v", seeded, err)
	}

	info, err := e.sts().GetAccessKeyInfo(ctx, &sts.GetAccessKeyInfoInput{AccessKeyId: aws.String(ids[0])})
	if err != nil || aws.ToString(info.Account) != e.srv.AccountID() {
		t.Errorf("GetAccessKeyInfo of our key: %+v %v", info, err)
	}
	info, err = e.sts().GetAccessKeyInfo(ctx, &sts.GetAccessKeyInfoInput{AccessKeyId: aws.String("AKIAZZZZ2222ZZZZ2222")})
	if err != nil || len(aws.ToString(info.Account)) != 12 || aws.ToString(info.Account) == e.srv.AccountID() {
		t.Errorf("GetAccessKeyInfo of another account's key: %+v %v", info, err)
	}
	if _, err := e.sts().GetAccessKeyInfo(ctx, &sts.GetAccessKeyInfoInput{AccessKeyId: aws.String("not-a-key")}); errorCode(err) != "ValidationError" {
		t.Errorf("GetAccessKeyInfo of a malformed ID: %v, want ValidationError", err)
	}
}
