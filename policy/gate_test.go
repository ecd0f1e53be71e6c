package policy

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/fixers"
	tfjson "github.com/hashicorp/terraform-json"
)

func testTable(t *testing.T) *Table {
	t.Helper()
	tb, err := DefaultTable(fixers.All()).With(CustomClass{Name: "test-input", Risk: fixers.RiskLow, Resources: []string{"terraform_data"}, Paths: []string{"input"}})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func update(addr, typ string, before, after map[string]any, unknown map[string]any) *tfjson.ResourceChange {
	return &tfjson.ResourceChange{Address: addr, Type: typ, Name: strings.Split(addr, ".")[1], Mode: tfjson.ManagedResourceMode,
		Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionUpdate}, Before: before, After: after, AfterUnknown: unknown}}
}

func TestGateCustomClass(t *testing.T) {
	tb := testTable(t)
	pol := Policy{Environment: "dev", AutoApply: []fixers.Class{"tags", "encryption-at-rest", "test-input"}, MaxChanges: 10, NoAutoApplyEnvironments: []string{"prod"}}
	plan := &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{
		update("terraform_data.x", "terraform_data", map[string]any{"input": "a", "output": "a"}, map[string]any{"input": "b"}, map[string]any{"output": true}),
	}, Config: &tfjson.Config{RootModule: &tfjson.ConfigModule{Resources: []*tfjson.ConfigResource{{Address: "terraform_data.x", Expressions: map[string]*tfjson.Expression{"input": {}}}}}}}
	c := Classify(plan, tb)
	if d := Gate(c, pol, tb, nil); d.Decision != AutoApply {
		t.Fatalf("custom low class should auto-apply: %v (%+v)", d, c.Changes)
	}
	// intent: the fix meant to change input only
	if d := Gate(c, pol, tb, Intent{"terraform_data.x": {"input"}}); d.Decision != AutoApply {
		t.Errorf("matching intent should auto-apply: %v", d)
	}
	if d := Gate(c, pol, tb, Intent{"terraform_data.y": {"input"}}); d.Decision != Review {
		t.Errorf("a change no fix meant should go to review: %v", d)
	}
	prod := pol
	prod.Environment = "prod"
	if d := Gate(c, prod, tb, nil); d.Decision != Review || !strings.Contains(d.Reasons[0], "prod") {
		t.Errorf("prod must review: %v", d)
	}
	limited := pol
	limited.MaxChanges = 0
	limited.AutoApply = []fixers.Class{"tags"}
	if d := Gate(c, limited, tb, nil); d.Decision != Review {
		t.Errorf("class not allowed must review: %v", d)
	}
	approval := pol
	approval.RequireApproval = []fixers.Class{"test-input"}
	if d := Gate(c, approval, tb, nil); d.Decision != Review {
		t.Errorf("require_approval must review: %v", d)
	}
}

func TestTableNeverLowersRisk(t *testing.T) {
	if _, err := DefaultTable(nil).With(CustomClass{Name: fixers.ClassNetworkExposure, Risk: fixers.RiskLow, Resources: []string{"*"}}); err == nil {
		t.Fatal("lowering a high class must fail")
	}
	tb, err := DefaultTable(nil).With(CustomClass{Name: fixers.ClassTags, Risk: fixers.RiskHigh, Resources: []string{"aws_s3_bucket"}, Paths: []string{"tags"}})
	if err != nil || tb.Risk(fixers.ClassTags) != fixers.RiskHigh {
		t.Fatalf("raising a class must work: %v %v", err, tb.Risk(fixers.ClassTags))
	}
}

// A randomized property: whatever the policy allows, a plan with a delete,
// a replace, a forget, an import, a path outside the class table, or a
// change that moves a classed attribute off its safe side (a regression) is
// never auto-applied.
func TestNeverAutoApplyDestructive(t *testing.T) {
	tb := testTable(t)
	rng := rand.New(rand.NewSource(1))
	classes := tb.Classes()
	mapped := []struct{ typ, path string }{
		{"aws_s3_bucket", "tags"}, {"aws_instance", "metadata_options"}, {"terraform_data", "input"},
		{"aws_s3_bucket_versioning", "versioning_configuration"}, {"aws_kms_key", "enable_key_rotation"},
	}
	unmapped := []struct{ typ, path string }{
		{"aws_s3_bucket", "bucket"}, {"aws_instance", "user_data"}, {"terraform_data", "triggers_replace"}, {"aws_lambda_function", "runtime"},
	}
	actions := []tfjson.Actions{
		{tfjson.ActionCreate}, {tfjson.ActionUpdate}, {tfjson.ActionDelete}, {tfjson.ActionDelete, tfjson.ActionCreate},
		{tfjson.ActionCreate, tfjson.ActionDelete}, {tfjson.ActionForget}, {tfjson.ActionNoop}, {tfjson.ActionRead},
	}
	var directed []SafeRule
	for _, sr := range tb.SafeRules() {
		if sr.Safe.Kind != fixers.SafeAny {
			directed = append(directed, sr)
		}
	}
	autoApplied, weakened := 0, 0
	for i := 0; i < 5000; i++ {
		pol := Policy{Environment: "dev", MaxChanges: rng.Intn(20)}
		for _, c := range classes {
			if rng.Intn(3) > 0 {
				pol.AutoApply = append(pol.AutoApply, c)
			}
		}
		plan := &tfjson.Plan{}
		dangerous := false
		n := 1 + rng.Intn(5)
		for j := 0; j < n; j++ {
			acts := actions[rng.Intn(len(actions))]
			if rng.Intn(4) == 0 {
				// a change of a classed attribute: toward its safe side, or away
				sr := directed[rng.Intn(len(directed))]
				good, bads := safeSamples(sr.Safe)
				bad := bads[rng.Intn(len(bads))]
				from, to := tree(sr.Path, bad), tree(sr.Path, good)
				away := rng.Intn(2) == 0
				if away {
					from, to = to, from
					dangerous = true
					weakened++
				}
				addr := fmt.Sprintf("%s.r%d", sr.Resource, j)
				rc := update(addr, sr.Resource, from, to, nil)
				if _, whole := tb.ClassOfResource(sr.Resource); whole && rng.Intn(3) == 0 {
					rc = create(addr, sr.Resource, to, nil)
				}
				plan.ResourceChanges = append(plan.ResourceChanges, rc)
				continue
			}
			var tp struct{ typ, path string }
			isUnmapped := rng.Intn(4) == 0
			if isUnmapped {
				tp = unmapped[rng.Intn(len(unmapped))]
			} else {
				tp = mapped[rng.Intn(len(mapped))]
			}
			addr := fmt.Sprintf("%s.r%d", tp.typ, j)
			rc := &tfjson.ResourceChange{Address: addr, Type: tp.typ, Name: fmt.Sprintf("r%d", j), Mode: tfjson.ManagedResourceMode,
				Change: &tfjson.Change{Actions: acts, Before: map[string]any{tp.path: "old"}, After: map[string]any{tp.path: "new"}}}
			if acts.Replace() {
				rc.Change.ReplacePaths = []any{[]any{tp.path}}
			}
			if rng.Intn(10) == 0 {
				rc.Change.Importing = &tfjson.Importing{ID: "x"}
				dangerous = true
			}
			switch {
			case acts.Delete(), acts.Replace(), len(acts) == 1 && acts[0] == tfjson.ActionForget:
				dangerous = true
			case acts.Update() && isUnmapped:
				dangerous = true
			case acts.Create() && isUnmapped:
				dangerous = true
			}
			plan.ResourceChanges = append(plan.ResourceChanges, rc)
		}
		d := Gate(Classify(plan, tb), pol, tb, nil)
		if d.Decision == AutoApply {
			autoApplied++
			if dangerous {
				for _, rc := range plan.ResourceChanges {
					t.Logf("%s %v imp=%v", rc.Address, rc.Change.Actions, rc.Change.Importing != nil)
				}
				t.Fatalf("auto-applied a dangerous plan: %+v\npolicy %+v\nreasons %v", plan.ResourceChanges, pol, d.Reasons)
			}
		}
	}
	if autoApplied == 0 {
		t.Fatal("the property is vacuous: nothing was ever auto-applied")
	}
	if weakened == 0 {
		t.Fatal("the property is vacuous: no plan weakened a control")
	}
	t.Logf("%d of 5000 random plans auto-applied, none dangerous (%d weakenings among them all)", autoApplied, weakened)
}

func TestConfigAddress(t *testing.T) {
	for in, want := range map[string]string{
		`aws_s3_bucket.b`:                          `aws_s3_bucket.b`,
		`aws_s3_bucket.b["a"]`:                     `aws_s3_bucket.b`,
		`module.x[0].aws_s3_bucket.b["a]b"]`:       `module.x.aws_s3_bucket.b`,
		`module.x["k\"]"].module.y.aws_instance.i`: `module.x.module.y.aws_instance.i`,
	} {
		if got := ConfigAddress(in); got != want {
			t.Errorf("ConfigAddress(%q) = %q, want %q", in, got, want)
		}
	}
}

// A custom class may not take a path (or a whole resource type) that a
// built-in rule rates higher, with a lower risk; it may map paths nothing
// rates, or raise a risk.
func TestCustomClassCannotLowerABuiltinPath(t *testing.T) {
	base := DefaultTable(fixers.All())
	tests := []struct {
		name string
		c    CustomClass
		err  string // "" = allowed
	}{
		{"ingress CIDRs low", CustomClass{Name: "open", Risk: fixers.RiskLow, Resources: []string{"aws_security_group"}, Paths: []string{"ingress.cidr_blocks"}}, `path "ingress.cidr_blocks" on aws_security_group would lower the risk of path "ingress" on aws_security_group, which the built-in class network-exposure rates high, to low`},
		{"ingress itself medium", CustomClass{Name: "open", Risk: fixers.RiskMedium, Resources: []string{"aws_security_group"}, Paths: []string{"ingress"}}, "network-exposure"},
		{"a glob over security groups", CustomClass{Name: "open", Risk: fixers.RiskLow, Resources: []string{"aws_security_*"}, Paths: []string{"egress[0].cidr_blocks"}}, "network-exposure"},
		{"a wildcard segment", CustomClass{Name: "open", Risk: fixers.RiskLow, Resources: []string{"aws_security_group"}, Paths: []string{"*.cidr_blocks"}}, "network-exposure"},
		{"whole security groups", CustomClass{Name: "sgs", Risk: fixers.RiskLow, Resources: []string{"aws_security_group"}}, "the whole resource on aws_security_group"},
		{"every resource", CustomClass{Name: "all", Risk: fixers.RiskMedium, Resources: []string{"*"}}, "would lower"},
		{"IAM policies", CustomClass{Name: "perm", Risk: fixers.RiskLow, Resources: []string{"aws_iam_policy"}, Paths: []string{"policy"}}, "iam"},
		{"RDS publicly_accessible", CustomClass{Name: "db", Risk: fixers.RiskLow, Resources: []string{"aws_db_instance"}, Paths: []string{"publicly_accessible"}}, "network-exposure"},
		{"IMDS tokens low", CustomClass{Name: "meta", Risk: fixers.RiskLow, Resources: []string{"aws_instance"}, Paths: []string{"metadata_options[0].http_tokens"}}, "imds"},
		{"a path nothing rates", CustomClass{Name: "test-input", Risk: fixers.RiskLow, Resources: []string{"terraform_data"}, Paths: []string{"input"}}, ""},
		{"security group description", CustomClass{Name: "docs", Risk: fixers.RiskLow, Resources: []string{"aws_security_group"}, Paths: []string{"description"}}, ""},
		{"a broader path than IMDS tokens", CustomClass{Name: "meta", Risk: fixers.RiskLow, Resources: []string{"aws_instance"}, Paths: []string{"metadata_options"}}, ""},
		{"ingress raised is fine", CustomClass{Name: "open", Risk: fixers.RiskHigh, Resources: []string{"aws_security_group"}, Paths: []string{"ingress.cidr_blocks"}}, ""},
		{"a low path on a low class", CustomClass{Name: "ver", Risk: fixers.RiskLow, Resources: []string{"aws_s3_bucket_versioning"}, Paths: []string{"versioning_configuration[0].mfa_delete"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := base.With(tt.c)
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("error %v, want one containing %q", err, tt.err)
			}
		})
	}
}

// Moved blocks and output changes are changes: never "no changes". They
// go to review by default, and a policy that lists their classes applies them.
func TestMovedAndOutputChanges(t *testing.T) {
	tb := DefaultTable(fixers.All())
	c := Classify(loadPlan(t, "moved-output/plan.json"), tb)
	if d := Gate(c, DefaultPolicy("dev", tb), tb, nil); d.Decision != Review {
		t.Fatalf("default policy: %v", d)
	}
	pol := DefaultPolicy("dev", tb)
	pol.AutoApply = append(pol.AutoApply, ClassMoved, ClassOutput)
	if d := Gate(c, pol, tb, nil); d.Decision != AutoApply {
		t.Fatalf("a policy that allows moved and output: %v", d)
	}
	// a moved resource that also changes: both classes count
	rc := update("terraform_data.b", "terraform_data", map[string]any{"input": "a"}, map[string]any{"input": "b"}, nil)
	rc.PreviousAddress = "terraform_data.a"
	custom := testTable(t)
	c = Classify(&tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{rc}}, custom)
	only := Policy{Environment: "dev", AutoApply: []fixers.Class{"test-input"}}
	if d := Gate(c, only, custom, nil); d.Decision != Review || !strings.Contains(strings.Join(d.Reasons, "\n"), "class moved") {
		t.Fatalf("moved and updated, moved not allowed: %v", d)
	}
	only.AutoApply = append(only.AutoApply, ClassMoved)
	if d := Gate(c, only, custom, nil); d.Decision != AutoApply {
		t.Fatalf("moved and updated, both allowed: %v", d)
	}
}

// An environment without a policy of its own reviews everything.
func TestReviewAll(t *testing.T) {
	tb := DefaultTable(fixers.All())
	c := Classify(loadPlan(t, "tags-only/plan.json"), tb)
	pol := allowAll(tb)
	pol.ReviewAll = "environment staging has no policy block"
	if d := Gate(c, pol, tb, nil); d.Decision != Review || d.Reasons[0] != pol.ReviewAll {
		t.Fatalf("%v", d)
	}
}

// A tightened policy sends to review what the plain one would auto-apply,
// and never the other way round.
func TestTighten(t *testing.T) {
	tb := testTable(t)
	pol := Policy{Environment: "dev", AutoApply: []fixers.Class{"tags", "test-input"}}
	plan := &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{
		update("terraform_data.x", "terraform_data", map[string]any{"input": "a", "output": "a"}, map[string]any{"input": "b"}, map[string]any{"output": true}),
	}, Config: &tfjson.Config{RootModule: &tfjson.ConfigModule{Resources: []*tfjson.ConfigResource{{Address: "terraform_data.x", Expressions: map[string]*tfjson.Expression{"input": {}}}}}}}
	c := Classify(plan, tb)
	if d := Gate(c, pol, tb, nil); d.Decision != AutoApply {
		t.Fatalf("untightened: %v", d)
	}
	for _, tt := range []struct {
		name string
		t    Tightening
		want string
	}{
		{"demoted class", Tightening{Demoted: map[fixers.Class]string{"test-input": "3 of 4 automatic fixes overridden"}}, "terraform_data.x: class test-input is demoted to review in this project: 3 of 4 automatic fixes overridden"},
		{"priority", Tightening{Review: []string{"aws_security_group.web has priority 85, above the policy's limit of 70"}}, "aws_security_group.web has priority 85, above the policy's limit of 70"},
	} {
		d := Gate(c, pol.Tighten(tt.t), tb, nil)
		if d.Decision != Review || !strings.Contains(strings.Join(d.Reasons, "\n"), tt.want) {
			t.Errorf("%s: %v, want review because %q", tt.name, d, tt.want)
		}
	}
	// a demotion of another class changes nothing; tightening twice keeps the first reason
	if d := Gate(c, pol.Tighten(Tightening{Demoted: map[fixers.Class]string{"tags": "x"}}), tb, nil); d.Decision != AutoApply {
		t.Errorf("another class demoted: %v", d)
	}
	p := pol.Tighten(Tightening{Demoted: map[fixers.Class]string{"tags": "first"}}).Tighten(Tightening{Demoted: map[fixers.Class]string{"tags": "second"}, Review: []string{"r"}}).Tighten(Tightening{Review: []string{"r"}})
	if p.Demoted["tags"] != "first" || len(p.Review) != 1 {
		t.Errorf("tighten twice: %+v", p.Tightening)
	}
	if len(pol.Demoted) != 0 || len(pol.Review) != 0 {
		t.Error("Tighten changed the policy it was called on")
	}
}
