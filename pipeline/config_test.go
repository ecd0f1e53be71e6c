package pipeline

import (
	"strings"
	"testing"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/policy"
)

const briefConfig = `project "app" {
  dir         = "."
  environment = "dev"
}
class "test-input" {
  risk      = "low"
  resources = ["terraform_data"]
  paths     = ["input"]
}
policy "dev" {
  auto_apply  = ["tags", "encryption-at-rest", "test-input"]
  max_changes = 10
}
`

// The example config means what it says: a custom class that makes
// terraform_data.input low risk, allowed to auto-apply in dev, at most 10
// changes; prod still never auto-applies.
func TestGovernanceBriefExample(t *testing.T) {
	cfg, diags := config.Parse([]byte(briefConfig), "driftfix.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	table, pol, diags := Governance(cfg, "dev", fixers.All())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if cl, ok := table.ClassOfPath("terraform_data", "input"); !ok || cl != "test-input" || table.Risk(cl) != fixers.RiskLow {
		t.Errorf("terraform_data.input → %q (%v), want test-input/low", cl, ok)
	}
	if pol.MaxChanges != 10 || len(pol.AutoApply) != 3 {
		t.Errorf("policy %+v", pol)
	}
	_, prod, _ := Governance(cfg, "prod", fixers.All())
	if !contains(prod.NoAutoApplyEnvironments, "prod") {
		t.Errorf("prod policy %+v must never auto-apply", prod)
	}
	if d := policy.Gate(policy.Classification{Changes: []policy.Change{{Address: "terraform_data.x", Action: policy.ActionUpdate, Class: "test-input", Risk: fixers.RiskLow, PathClasses: []policy.PathClass{{Path: "input", Class: "test-input"}}}}}, prod, table, nil); d.Decision != policy.Review {
		t.Errorf("prod decision %v", d)
	}
}

func TestGovernanceErrors(t *testing.T) {
	cfg, diags := config.Parse([]byte("class \"network-exposure\" {\n  risk      = \"low\"\n  resources = [\"*\"]\n}\npolicy \"dev\" {\n  auto_apply = [\"nope\"]\n}\n"), "driftfix.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	_, _, diags = Governance(cfg, "dev", fixers.All())
	msg := config.FormatDiagnostics(diags)
	for _, want := range []string{"driftfix.hcl:2,", "lower", "driftfix.hcl:6,", `"nope" is not a fix class`} {
		if !strings.Contains(msg, want) {
			t.Errorf("diagnostics %q lack %q", msg, want)
		}
	}
}
