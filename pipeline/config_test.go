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

// With a config file, an environment without a policy block reviews
// everything, and an environment the file does not know is an error;
// without a file the default policy judges dev.
func TestGovernanceEnvironments(t *testing.T) {
	cfg, diags := config.Parse([]byte(briefConfig+"project \"web\" {\n  environment = \"staging\"\n}\n"), "driftfix.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	c := policy.Classification{Changes: []policy.Change{{Address: "aws_s3_bucket.b", Action: policy.ActionUpdate, Class: "tags", Risk: fixers.RiskLow, PathClasses: []policy.PathClass{{Path: "tags.env", Class: "tags"}}}}}
	table, staging, diags := Governance(cfg, "staging", fixers.All())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if d := policy.Gate(c, staging, table, nil); d.Decision != policy.Review || !strings.Contains(d.Reasons[0], "environment staging has no policy block in driftfix.hcl") {
		t.Errorf("staging: %v", d)
	}
	if _, dev, _ := Governance(cfg, "dev", fixers.All()); policy.Gate(c, dev, table, nil).Decision != policy.AutoApply {
		t.Errorf("dev must auto-apply tags: %+v", dev)
	}
	for _, env := range []string{"qa", "Dev", " dev"} {
		if _, _, diags := Governance(cfg, env, fixers.All()); !diags.HasErrors() || !strings.Contains(config.FormatDiagnostics(diags), "Unknown environment") {
			t.Errorf("%q: %v", env, diags)
		}
	}
	def := config.Default()
	table, dev, diags := Governance(def, "dev", fixers.All())
	if diags.HasErrors() || policy.Gate(c, dev, table, nil).Decision != policy.AutoApply {
		t.Errorf("no config, dev: %+v %v", dev, diags)
	}
	if _, prod, _ := Governance(def, "prod", fixers.All()); policy.Gate(c, prod, table, nil).Decision != policy.Review {
		t.Errorf("no config, prod: %+v", prod)
	}
	if _, _, diags := Governance(def, "staging", fixers.All()); !diags.HasErrors() {
		t.Error("no config, staging: want an error")
	}
}

// A config whose custom class would lower a built-in path is refused with
// the class's file:line, whatever the environment.
func TestCheckConfigRefusesLoweringClass(t *testing.T) {
	cfg, diags := config.Parse([]byte("project \"app\" {}\n\nclass \"open-ssh\" {\n  risk      = \"low\"\n  resources = [\"aws_security_group\"]\n  paths     = [\"ingress.cidr_blocks\"]\n}\n"), "driftfix.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	msg := config.FormatDiagnostics(CheckConfig(cfg, fixers.All()))
	for _, want := range []string{"driftfix.hcl:6,16-37: Invalid class", `path "ingress.cidr_blocks" on aws_security_group would lower the risk of path "ingress"`, "network-exposure rates high"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
	// a whole resource type: the error points at the type
	cfg, diags = config.Parse([]byte("class \"perms\" {\n  risk      = \"medium\"\n  resources = [\"aws_s3_bucket\", \"aws_iam_*\"]\n}\n"), "driftfix.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	msg = config.FormatDiagnostics(CheckConfig(cfg, fixers.All()))
	if !strings.Contains(msg, "driftfix.hcl:3,33-44: Invalid class") || !strings.Contains(msg, "the whole resource on aws_iam_*") {
		t.Errorf("%q", msg)
	}
}
