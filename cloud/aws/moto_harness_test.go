package aws

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/middleware"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/iac/tfstate"
)

// motoEstate is one family's drift test against moto: resources made with
// the real SDK (cfg), the state Terraform keeps for them (State), and the
// reader restricted to the family's types.
type motoEstate struct {
	t     *testing.T
	URL   string
	cfg   awssdk.Config
	r     *Reader
	State []tfstate.Resource
	// before is what moto had before the test made anything (its own
	// defaults); drift leaves those out.
	before map[cloud.Ref]bool
}

const motoRegion = "us-east-1"

// newMotoEstate starts moto for a family of types and sweeps what moto has
// before anything is made.
func newMotoEstate(t *testing.T, typeNames ...string) *motoEstate {
	t.Helper()
	isolate(t)
	url := startMoto(t)
	cfg, err := config.LoadDefaultConfig(t.Context(), config.WithRegion(motoRegion), config.WithBaseEndpoint(url))
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(t.Context(), Options{Regions: []string{motoRegion}, Endpoint: url, MaxBackoff: 20 * time.Millisecond, Types: typeNames})
	if err != nil {
		t.Fatal(err)
	}
	e := &motoEstate{t: t, URL: url, cfg: cfg, r: r, before: map[cloud.Ref]bool{}}
	pre, err := r.List(t.Context(), r.Types())
	if err != nil || len(pre.Failed) > 0 {
		t.Fatalf("sweep of an empty moto: %v %v", err, pre.Failed)
	}
	for _, x := range pre.Resources {
		e.before[x.Ref] = true
	}
	return e
}

// add appends a state resource the way the provider writes it.
func (e *motoEstate) add(address, id string, values map[string]any) {
	typ, name, _ := strings.Cut(address, ".")
	if values == nil {
		values = map[string]any{}
	}
	values["id"] = id
	e.State = append(e.State, tfstate.Resource{Address: address, Type: typ, Name: name, ID: id, Values: values})
}

// drift reads every state resource (by ID and lookup key, as the drift
// use case does), sweeps the family's types, and compares: one line per
// drift, "kind type address-or-id path=actual…".
func (e *motoEstate) drift() []string {
	t := e.t
	t.Helper()
	var refs []cloud.Ref
	for _, s := range e.State {
		refs = append(refs, cloud.Ref{Type: s.Type, ID: s.ID, Region: motoRegion, Key: cloud.LookupKey(s.Type, s.ID, s.Values)})
	}
	got, err := e.r.Get(t.Context(), refs)
	if err != nil || len(got.Failed) > 0 {
		t.Fatalf("read of moto: %v %v", err, got.Failed)
	}
	swept, err := e.r.List(t.Context(), e.r.Types())
	if err != nil || len(swept.Failed) > 0 {
		t.Fatalf("sweep of moto: %v %v", err, swept.Failed)
	}
	var fresh []cloud.Resource
	for _, s := range swept.Resources {
		if !e.before[s.Ref] {
			fresh = append(fresh, s)
		}
	}
	var out []string
	for _, d := range cloud.Compare(e.State, got.Found, got.Missing, fresh, cloud.CompareOptions{}) {
		line := string(d.Kind) + " " + d.Type + " " + d.Address
		if d.Kind == cloud.Unmanaged {
			line += d.ID
		}
		for _, c := range d.Changes {
			line += fmt.Sprintf(" %s=%v", c.Path, c.Actual)
		}
		out = append(out, line)
	}
	return out
}

// expect checks that drift is exactly want (in Compare's order).
func (e *motoEstate) expect(when string, want ...string) {
	e.t.Helper()
	got := e.drift()
	if !slices.Equal(got, want) {
		if want == nil {
			want = []string{"(no drift)"}
		}
		e.t.Fatalf("drift against moto %s:\n  %s\nwant\n  %s", when, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// s3Actions are the IAM actions of the S3 operations whose action is
// named otherwise.
var s3Actions = map[string]string{
	"ListBuckets":                        "ListAllMyBuckets",
	"GetBucketEncryption":                "GetEncryptionConfiguration",
	"GetPublicAccessBlock":               "GetBucketPublicAccessBlock",
	"GetBucketLifecycleConfiguration":    "GetLifecycleConfiguration",
	"GetBucketReplication":               "GetReplicationConfiguration",
	"GetBucketCors":                      "GetBucketCORS",
	"GetBucketNotificationConfiguration": "GetBucketNotification",
}

// iamAction is the IAM action that allows an operation of a service (as
// the SDK names them: "IAM", "S3", "EC2").
func iamAction(service, op string) string {
	prefix := strings.ToLower(strings.ReplaceAll(service, " ", ""))
	switch service {
	case "CloudWatch Logs":
		prefix = "logs"
	case "S3 Control": // the account-level S3 operations are s3:…Account…
		return "s3:" + strings.Replace(op, "Get", "GetAccount", 1)
	case "Elastic Load Balancing v2": // the SDK's name; IAM's is one for both versions
		prefix = "elasticloadbalancing"
	}
	if service == "S3" {
		if a, ok := s3Actions[op]; ok {
			op = a
		}
	}
	return prefix + ":" + op
}

// checkActions reads each type of the estate alone (its state resources,
// and a sweep of it) with a reader that records every operation it calls,
// and checks that the type's IAM actions (what --print-iam-policy grants)
// allow each one: a least-privilege policy that is also enough.
func (e *motoEstate) checkActions() {
	t := e.t
	t.Helper()
	for _, typ := range e.r.Types() {
		r, err := New(t.Context(), Options{Regions: []string{motoRegion}, Endpoint: e.URL, MaxBackoff: 20 * time.Millisecond, Types: []string{typ}})
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		called := map[string]bool{}
		r.cfg.APIOptions = append(r.cfg.APIOptions, func(stack *middleware.Stack) error {
			return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("record", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				mu.Lock()
				called[iamAction(awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx))] = true
				mu.Unlock()
				return next.HandleInitialize(ctx, in)
			}), middleware.After)
		})
		var refs []cloud.Ref
		for _, s := range e.State {
			if s.Type == typ {
				refs = append(refs, cloud.Ref{Type: s.Type, ID: s.ID, Region: motoRegion, Key: cloud.LookupKey(s.Type, s.ID, s.Values)})
			}
		}
		if _, err := r.Get(t.Context(), refs); err != nil {
			t.Fatal(err)
		}
		if _, err := r.List(t.Context(), []string{typ}); err != nil {
			t.Fatal(err)
		}
		if len(called) == 0 {
			t.Errorf("%s: reading it called nothing; the estate should have one", typ)
		}
		for a := range called {
			if !slices.Contains(types[typ].actions, a) {
				t.Errorf("%s: the reader calls %s, which its IAM actions %v do not allow", typ, a, types[typ].actions)
			}
		}
	}
}
