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

func TestSegments(t *testing.T) {
	for in, want := range map[string]string{
		"metadata_options[0].http_tokens": "metadata_options/http_tokens",
		`tags["cost-center"]`:             "tags/cost-center",
		"ingress[3]":                      "ingress",
		"a.b.c":                           "a/b/c",
		"rule[*].x":                       "rule/x",
	} {
		if got := strings.Join(segments(in), "/"); got != want {
			t.Errorf("segments(%q) = %q, want %q", in, got, want)
		}
	}
}

// A randomized property: whatever the policy allows, a plan with a delete,
// a replace, a forget, an import or a path outside the class table is never
// auto-applied.
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
	autoApplied := 0
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
	t.Logf("%d of 5000 random plans auto-applied, none dangerous", autoApplied)
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
