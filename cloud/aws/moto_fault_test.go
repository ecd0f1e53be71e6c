package aws

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/cloud/awslocal"
)

// buildSmallIAM makes a small IAM estate in moto and its state.
func buildSmallIAM(t *testing.T, e *motoEstate) {
	ctx := t.Context()
	c := iam.NewFromConfig(e.cfg)
	s := awssdk.String
	assume := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}`
	pol, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: s("send"), PolicyDocument: &doc})
	if err != nil {
		t.Fatal(err)
	}
	arn := awssdk.ToString(pol.Policy.Arn)
	ok(t, "CreateRole")(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: s("app"), AssumeRolePolicyDocument: &assume}))
	ok(t, "AttachRolePolicy")(c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: s("app"), PolicyArn: &arn}))
	ok(t, "PutRolePolicy")(c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: s("app"), PolicyName: s("q"), PolicyDocument: &doc}))
	ok(t, "CreateUser")(c.CreateUser(ctx, &iam.CreateUserInput{UserName: s("bob")}))
	ok(t, "CreateGroup")(c.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: s("devs")}))
	ok(t, "AddUserToGroup")(c.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: s("devs"), UserName: s("bob")}))
	e.add("aws_iam_role.app", "app", map[string]any{"name": "app", "assume_role_policy": assume})
	e.add("aws_iam_policy.send", arn, map[string]any{"arn": arn, "name": "send", "policy": doc})
	e.add("aws_iam_role_policy_attachment.send", "app-2026", map[string]any{"role": "app", "policy_arn": arn})
	e.add("aws_iam_role_policy.q", "app:q", map[string]any{"role": "app", "name": "q", "policy": doc})
	e.add("aws_iam_user.bob", "bob", map[string]any{"name": "bob"})
	e.add("aws_iam_user.gone", "gone", map[string]any{"name": "gone"})
	e.add("aws_iam_group_membership.devs", "devs", map[string]any{"group": "devs", "users": []any{"bob"}})
}

func (e *motoEstate) refs() []cloud.Ref {
	var refs []cloud.Ref
	for _, s := range e.State {
		refs = append(refs, cloud.Ref{Type: s.Type, ID: s.ID, Region: motoRegion, Key: cloud.LookupKey(s.Type, s.ID, s.Values)})
	}
	return refs
}

// The fault proxy in front of moto answers a share of the IAM calls with
// an empty 200, a truncated body, an HTML page, a 500, throttling, a reset
// or a stall. Every resource read found has exactly the attributes of a
// clean read, every one reported missing is missing, the rest failed; a
// sweep is complete or failed for its type, never partial.
func TestIAMFaultsAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, iamTypeNames()...)
	buildSmallIAM(t, e)
	e.checkFaults(1) // aws_iam_user.gone
}

// checkFaults reads the estate's state and sweeps its types through the
// fault proxy (4 seeds, 30 % of the calls spoiled by every kind of fault)
// and checks the reads against a clean one: found as clean, missing only
// what is (wantMissing of them), every sweep complete or failed.
func (e *motoEstate) checkFaults(wantMissingN int) {
	e.t.Helper()
	e.checkFaultsWith(e.t, wantMissingN, faultRun{seeds: 4, rate: 0.3})
}

// faultRun is how checkFaultsWith spoils the calls: a fault proxy for
// each of seeds seeds, spoiling rate of the calls with faults (nil: every
// kind, a stall lasting 2 s); each of mustInject must have been injected.
type faultRun struct {
	seeds      int
	rate       float64
	faults     []awslocal.ProxyFault
	mustInject []awslocal.ProxyFault
}

// checkFaultsWith is checkFaults in t with the faults of run, and answers
// the clean read the spoiled ones were checked against.
func (e *motoEstate) checkFaultsWith(t *testing.T, wantMissingN int, run faultRun) cloud.GetResult {
	t.Helper()
	refs := e.refs()
	clean, err := e.r.Get(t.Context(), refs)
	if err != nil || len(clean.Failed) > 0 {
		t.Fatalf("clean read: %v %v", err, clean.Failed)
	}
	wantFound := map[cloud.Ref]string{}
	for _, f := range clean.Found {
		wantFound[f.Ref] = attrsJSON(f.Attrs)
	}
	wantMissing := map[cloud.Ref]bool{}
	for _, m := range clean.Missing {
		wantMissing[m] = true
	}
	if len(wantMissing) != wantMissingN {
		t.Fatalf("the clean read misses %v; want %d", clean.Missing, wantMissingN)
	}
	cleanList, err := e.r.List(t.Context(), e.r.Types())
	if err != nil || len(cleanList.Failed) > 0 {
		t.Fatalf("clean sweep: %v %v", err, cleanList.Failed)
	}
	wantListed := map[string][]string{}
	for _, x := range cleanList.Resources {
		wantListed[x.Type] = append(wantListed[x.Type], x.ID)
	}

	injected := map[awslocal.ProxyFault]int{}
	failed, found := 0, 0
	for s := range run.seeds {
		px, err := awslocal.NewFaultProxy(awslocal.ProxyOptions{Target: e.URL, Rate: run.rate, Faults: run.faults, Seed: uint64(s), StallFor: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		ps := httptest.NewServer(px)
		r, err := New(t.Context(), Options{Regions: []string{motoRegion}, Endpoint: ps.URL, MaxAttempts: 2, MaxBackoff: 5 * time.Millisecond,
			RequestTimeout: 500 * time.Millisecond, Types: e.r.Types()})
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.Get(t.Context(), refs)
		if err != nil {
			t.Fatal(err)
		}
		swept, err := r.List(t.Context(), r.Types())
		if err != nil {
			t.Fatal(err)
		}
		ps.Close()
		for _, f := range got.Found {
			if want, ok := wantFound[f.Ref]; !ok || attrsJSON(f.Attrs) != want {
				t.Errorf("seed %d: %v read as %s; a clean read gives %s (a false change or resurrection)", s, f.Ref, attrsJSON(f.Attrs), want)
			}
		}
		for _, m := range got.Missing {
			if !wantMissing[m] {
				t.Errorf("seed %d: %v reported missing (a false deletion)", s, m)
			}
		}
		if n := len(got.Found) + len(got.Missing) + len(got.Failed); n != len(refs) {
			t.Errorf("seed %d: %d outcomes for %d refs", s, n, len(refs))
		}
		failedTypes := map[string]bool{}
		for _, f := range swept.Failed {
			failedTypes[f.Type] = true
		}
		gotListed := map[string][]string{}
		for _, x := range swept.Resources {
			// Moto differs from AWS: it makes a queue's URL from the
			// request's host (here the proxy's), where AWS answers one URL.
			gotListed[x.Type] = append(gotListed[x.Type], strings.Replace(x.ID, ps.URL, e.URL, 1))
		}
		for typ, want := range wantListed {
			if !failedTypes[typ] && !slices.Equal(gotListed[typ], want) {
				t.Errorf("seed %d: sweep of %s gave %v, want %v (a partial list)", s, typ, gotListed[typ], want)
			}
		}
		for f, n := range px.Injected() {
			injected[f] += n
		}
		failed += len(got.Failed) + len(swept.Failed)
		found += len(got.Found)
	}
	t.Logf("faults injected: %v; %d reads found, %d reads and listings failed", injected, found, failed)
	if failed == 0 || found == 0 {
		t.Errorf("the faults should fail some reads and leave others: %d found, %d failed", found, failed)
	}
	for _, f := range run.mustInject {
		if injected[f] == 0 {
			t.Errorf("no %v injected: %v", f, injected)
		}
	}
	return clean
}

// deniedReader reads the estate's types through a fault proxy that
// refuses every call to services (AccessDenied).
func (e *motoEstate) deniedReader(t *testing.T, services ...string) *Reader {
	t.Helper()
	px, err := awslocal.NewFaultProxy(awslocal.ProxyOptions{Target: e.URL, Deny: services})
	if err != nil {
		t.Fatal(err)
	}
	ps := httptest.NewServer(px)
	t.Cleanup(ps.Close)
	r, err := New(t.Context(), Options{Regions: []string{motoRegion}, Endpoint: ps.URL, MaxBackoff: 5 * time.Millisecond, Types: e.r.Types()})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// A service the credentials may not call (AccessDenied) fails the reads
// and sweeps of its types, with an error that names the IAM actions they
// need; nothing becomes deleted or unmanaged, and other services are read.
func TestAccessDeniedIsNotDeleted(t *testing.T) {
	e := newMotoEstate(t, append(iamTypeNames(), typeS3Bucket)...)
	buildSmallIAM(t, e)
	r := e.deniedReader(t, "iam")
	got, err := r.Get(t.Context(), e.refs())
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Found) > 0 || len(got.Missing) > 0 || len(got.Failed) != len(e.State) {
		t.Fatalf("denied reads: %d found, %v missing, %d failed; want all %d failed", len(got.Found), got.Missing, len(got.Failed), len(e.State))
	}
	for _, f := range got.Failed {
		var ad *AccessDeniedError
		if !errors.As(f.Err, &ad) || ad.Type != f.Type || len(ad.Actions) == 0 {
			t.Errorf("%v: %v, want an AccessDeniedError naming the type's actions", f.Ref, f.Err)
		}
	}
	swept, err := r.List(t.Context(), r.Types())
	if err != nil {
		t.Fatal(err)
	}
	var failedTypes []string
	for _, f := range swept.Failed {
		failedTypes = append(failedTypes, f.Type)
	}
	var sweepable []string
	for _, typ := range iamTypeNames() {
		if !types[typ].companion {
			sweepable = append(sweepable, typ)
		}
	}
	slices.Sort(sweepable)
	if !slices.Equal(failedTypes, sweepable) {
		t.Errorf("failed sweeps %v, want every swept IAM type %v (and S3 read)", failedTypes, sweepable)
	}
	for _, x := range swept.Resources {
		if x.Type != typeS3Bucket {
			t.Errorf("%v listed from a denied service", x.Ref)
		}
	}
	if msg := fmt.Sprint(swept.Failed[0].Err); !slices.ContainsFunc(types[swept.Failed[0].Type].actions, func(a string) bool { return strings.Contains(msg, a) }) {
		t.Errorf("the error does not name the actions: %s", msg)
	}
}
