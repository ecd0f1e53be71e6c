package pipeline

import (
	"strings"
	"testing"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/policy"
)

// Each drifted attribute gets its class and the remediation the config (or
// the default: tags codified, the rest reverted) chooses for that class.
func TestDriftRemediation(t *testing.T) {
	table := policy.DefaultTable(fixers.All())
	cfg, diags := config.Parse([]byte(`settings {
  drift_remediation = { "key-rotation" = "codify", tags = "report" }
}
`), "driftfix.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	rem, diags := RemediationFrom(cfg, table)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got := func(d cloud.Drift) string {
		it := classifyDrift(d, table, rem)
		var parts []string
		if it.Kind != cloud.Changed {
			parts = append(parts, it.Class+"="+string(it.Remediation))
		}
		for _, c := range it.Changes {
			parts = append(parts, c.Class+"="+string(c.Remediation))
		}
		return strings.Join(parts, ",")
	}
	for _, tt := range []struct {
		d    cloud.Drift
		want string
	}{
		{cloud.Drift{Kind: cloud.Changed, Type: "aws_s3_bucket", Changes: []cloud.Change{{Path: "tags.team"}}}, "tags=report"},
		{cloud.Drift{Kind: cloud.Changed, Type: "aws_kms_key", Changes: []cloud.Change{{Path: "enable_key_rotation"}}}, "key-rotation=codify"},
		{cloud.Drift{Kind: cloud.Changed, Type: "aws_security_group", Changes: []cloud.Change{{Path: "ingress[0]"}}}, "network-exposure=revert"},
		{cloud.Drift{Kind: cloud.Changed, Type: "aws_instance", Changes: []cloud.Change{{Path: "user_data"}}}, "unknown=revert"},
		{cloud.Drift{Kind: cloud.Unmanaged, Type: "aws_s3_bucket"}, "unknown=import"},
		{cloud.Drift{Kind: cloud.Deleted, Type: "aws_s3_bucket_versioning"}, "versioning=revert"},
	} {
		if g := got(tt.d); g != tt.want {
			t.Errorf("%s %s: %s, want %s", tt.d.Type, tt.d.Kind, g, tt.want)
		}
	}
	// the default without config: tags are codified
	if g := classifyDrift(cloud.Drift{Kind: cloud.Changed, Type: "aws_s3_bucket", Changes: []cloud.Change{{Path: "tags.x"}}}, table, nil); g.Changes[0].Remediation != cloud.Codify {
		t.Errorf("default remediation for tags: %v", g.Changes)
	}
	bad, _ := config.Parse([]byte("settings {\n  drift_remediation = { nope = \"codify\" }\n}\n"), "driftfix.hcl")
	if _, diags := RemediationFrom(bad, table); !strings.Contains(config.FormatDiagnostics(diags), "driftfix.hcl:2,") {
		t.Errorf("unknown class not reported at file:line: %v", diags)
	}
	if _, diags := config.Parse([]byte("settings {\n  drift_remediation = { tags = \"delete\" }\n}\n"), "driftfix.hcl"); !diags.HasErrors() {
		t.Error("an invalid remediation was accepted")
	}
}
