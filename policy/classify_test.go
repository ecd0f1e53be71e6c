package policy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/internal/testenv"
	tfjson "github.com/hashicorp/terraform-json"
)

func loadPlan(t *testing.T, name string) *tfjson.Plan {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testenv.PlanFixtures(), name))
	if err != nil {
		t.Fatal(err)
	}
	var p tfjson.Plan
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &p
}

type wantChange struct {
	action Action
	class  fixers.Class
	risk   fixers.Risk
	paths  string // comma-separated, "" = don't check
}

// The real AWS-provider plans in the shared testdata/plans (see its README for how each
// was made and what each should classify as).
func TestClassifyFixtures(t *testing.T) {
	table := DefaultTable(fixers.All())
	tests := []struct {
		plan     string
		changes  map[string]wantChange
		drift    map[string]fixers.Class
		decision string
		reason   string // a substring of one of the reasons
	}{
		{
			plan: "s3-add-companions/plan.json",
			changes: map[string]wantChange{
				"aws_s3_bucket_public_access_block.logs":                  {ActionCreate, fixers.ClassPublicAccessBlock, fixers.RiskLow, ""},
				"aws_s3_bucket_server_side_encryption_configuration.logs": {ActionCreate, fixers.ClassEncryptionAtRest, fixers.RiskLow, ""},
				"aws_s3_bucket_versioning.logs":                           {ActionCreate, fixers.ClassVersioning, fixers.RiskLow, "bucket,id,versioning_configuration"},
			},
			decision: AutoApply,
		},
		{
			plan: "tags-only/plan.json",
			changes: map[string]wantChange{
				"aws_s3_bucket.assets":   {ActionUpdate, fixers.ClassTags, fixers.RiskLow, `tags["cost-center"],tags.env,tags_all["cost-center"],tags_all.env`},
				"aws_security_group.app": {ActionUpdate, fixers.ClassTags, fixers.RiskLow, "tags.team,tags_all.team"},
			},
			decision: AutoApply,
		},
		{
			plan: "imds-required/plan.json",
			changes: map[string]wantChange{
				"aws_instance.web": {ActionUpdate, fixers.ClassUnknown, fixers.RiskHigh, ""},
			},
			decision: Review,
			reason:   "source_dest_check",
		},
		{
			plan: "sg-open-ingress/plan.json",
			changes: map[string]wantChange{
				"aws_security_group.bastion": {ActionUpdate, fixers.ClassNetworkExposure, fixers.RiskHigh, "ingress[0].cidr_blocks[0]"},
			},
			decision: Review,
			reason:   "class network-exposure is high risk",
		},
		{
			plan: "mixed/plan.json",
			changes: map[string]wantChange{
				"aws_s3_bucket_public_access_block.media": {ActionCreate, fixers.ClassPublicAccessBlock, fixers.RiskLow, ""},
				"aws_s3_bucket_versioning.media":          {ActionDelete, fixers.ClassVersioning, fixers.RiskHigh, ""},
			},
			decision: Review,
			reason:   "deletes aws_s3_bucket_versioning.media",
		},
		{
			plan: "drift-revert/plan.json",
			changes: map[string]wantChange{
				"aws_s3_bucket.data":            {ActionUpdate, fixers.ClassTags, fixers.RiskLow, ""},
				"aws_s3_bucket_versioning.data": {ActionUpdate, fixers.ClassVersioning, fixers.RiskLow, "versioning_configuration[0].status"},
				"aws_security_group.web":        {ActionUpdate, fixers.ClassNetworkExposure, fixers.RiskHigh, ""},
			},
			drift: map[string]fixers.Class{
				"aws_s3_bucket.data":            fixers.ClassTags,
				"aws_s3_bucket_versioning.data": fixers.ClassVersioning,
				"aws_security_group.web":        fixers.ClassNetworkExposure,
			},
			decision: Review,
			reason:   "aws_security_group.web: class network-exposure is high risk",
		},
		{
			plan: "drift-revert/refresh-only.plan.json",
			drift: map[string]fixers.Class{
				"aws_s3_bucket.data":            fixers.ClassTags,
				"aws_s3_bucket_versioning.data": fixers.ClassVersioning,
				"aws_security_group.web":        fixers.ClassNetworkExposure,
			},
			decision: NoChanges,
		},
		{
			plan: "sensitive/plan.json",
			changes: map[string]wantChange{
				// a SecureString's value is a secret (the hardcoded-secret rule's class)
				"aws_ssm_parameter.db_password": {ActionUpdate, fixers.ClassSecrets, fixers.RiskHigh, ""},
				"terraform_data.app_config":     {ActionUpdate, fixers.ClassUnknown, fixers.RiskHigh, ""},
				"output.db_password":            {ActionUpdate, ClassOutput, fixers.RiskMedium, ""},
			},
			decision: Review,
			reason:   "outside the class table",
		},
		{
			plan: "ebs-encrypt-replace/plan.json",
			changes: map[string]wantChange{
				"aws_ebs_volume.data": {ActionReplace, fixers.ClassEncryptionAtRest, fixers.RiskHigh, "encrypted"},
			},
			decision: Review,
			reason:   "replaces aws_ebs_volume.data",
		},
		{
			// the real companion create with every flag off: no fix, a regression
			plan: "derived-pab-all-false/plan.json",
			changes: map[string]wantChange{
				"aws_s3_bucket_public_access_block.logs":                  {ActionCreate, fixers.ClassPublicAccessBlock, fixers.RiskHigh, ""},
				"aws_s3_bucket_server_side_encryption_configuration.logs": {ActionCreate, fixers.ClassEncryptionAtRest, fixers.RiskLow, ""},
				"aws_s3_bucket_versioning.logs":                           {ActionCreate, fixers.ClassVersioning, fixers.RiskLow, ""},
			},
			decision: Review,
			reason:   "aws_s3_bucket_public_access_block.logs: regression, always review: block_public_acls is false, not true",
		},
		{
			// the drift-revert fix turned around: versioning Enabled → Suspended
			plan: "derived-versioning-suspended/plan.json",
			changes: map[string]wantChange{
				"aws_s3_bucket_versioning.data": {ActionUpdate, fixers.ClassVersioning, fixers.RiskHigh, "versioning_configuration[0].status"},
			},
			decision: Review,
			reason:   `versioning_configuration[0].status changes "Enabled" → "Suspended", away from "Enabled"`,
		},
		{
			// a moved block and an output change: changes, never "no changes"
			plan: "moved-output/plan.json",
			changes: map[string]wantChange{
				"terraform_data.b": {ActionMove, ClassMoved, fixers.RiskMedium, ""},
				"output.o":         {ActionUpdate, ClassOutput, fixers.RiskMedium, ""},
			},
			decision: Review,
			reason:   "terraform_data.b: class moved (medium risk) may not auto-apply in dev",
		},
		{
			plan:     "bucket-rename-replace/plan.json",
			decision: Review,
			reason:   "replaces",
		},
		{
			plan:     "delete/plan.json",
			decision: Review,
			reason:   "deletes",
		},
	}
	for _, tt := range tests {
		t.Run(tt.plan, func(t *testing.T) {
			c := Classify(loadPlan(t, tt.plan), table)
			got := map[string]Change{}
			for _, ch := range c.Changes {
				got[ch.Address] = ch
			}
			for addr, w := range tt.changes {
				ch, ok := got[addr]
				if !ok {
					t.Errorf("%s: not classified; have %v", addr, keys(got))
					continue
				}
				if ch.Action != w.action || ch.Class != w.class || ch.Risk != w.risk {
					t.Errorf("%s: got %s/%s/%s, want %s/%s/%s (%s)", addr, ch.Action, ch.Class, ch.Risk, w.action, w.class, w.risk, ch.Reason)
				}
				if w.paths != "" && strings.Join(ch.Paths, ",") != w.paths {
					t.Errorf("%s: paths %v, want %s", addr, ch.Paths, w.paths)
				}
			}
			if tt.changes != nil && len(got) != len(tt.changes) {
				t.Errorf("classified %v, want exactly %v", keys(got), len(tt.changes))
			}
			for addr, cl := range tt.drift {
				found := false
				for _, d := range c.Drift {
					if d.Address == addr {
						found = true
						if !hasClass(d, cl) {
							t.Errorf("drift %s: classes %v, want %s among them", addr, d.PathClasses, cl)
						}
					}
				}
				if !found {
					t.Errorf("drift %s missing", addr)
				}
			}
			d := Gate(c, DefaultPolicy("dev", table), table, nil)
			if d.Decision != tt.decision {
				t.Errorf("decision %s, want %s; reasons: %v", d.Decision, tt.decision, d.Reasons)
			}
			if tt.reason != "" && !strings.Contains(strings.Join(d.Reasons, "\n"), tt.reason) {
				t.Errorf("reasons %q do not mention %q", d.Reasons, tt.reason)
			}
			if prod := Gate(c, DefaultPolicy("prod", table), table, nil); prod.Decision == AutoApply {
				t.Errorf("prod auto-applies: %v", prod.Reasons)
			}
		})
	}
}

func hasClass(ch Change, cl fixers.Class) bool {
	for _, pc := range ch.PathClasses {
		if pc.Class == cl {
			return true
		}
	}
	return ch.Class == cl
}

func keys(m map[string]Change) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A change under a sensitive value is reported at the sensitive value's own
// path: nothing below it, keys included, appears in paths, replace paths
// or reasons — and a sensitive value that changed is still a change.
func TestClassifySensitivePaths(t *testing.T) {
	table := DefaultTable(fixers.All())
	update := func(before, after, beforeSens, afterSens, unknown string, replace string) *tfjson.Plan {
		js := `{"format_version":"1.2","resource_changes":[{"address":"terraform_data.t","mode":"managed","type":"terraform_data","name":"t",
			"change":{"actions":["update"],"before":` + before + `,"after":` + after + `,"before_sensitive":` + beforeSens +
			`,"after_sensitive":` + afterSens + `,"after_unknown":` + unknown + `,"replace_paths":` + replace + `}}]}`
		var p tfjson.Plan
		if err := json.Unmarshal([]byte(js), &p); err != nil {
			t.Fatal(err)
		}
		return &p
	}
	tests := []struct {
		name    string
		plan    *tfjson.Plan
		paths   string   // comma-separated
		secrets []string // never in the classification's JSON
	}{
		{
			name:    "real plan: sensitive map key changes",
			plan:    loadPlan(t, "sensitive-keys/plan.json"),
			paths:   "input,output",
			secrets: []string{`"ab"`, `\"ab\"`, `\"cd\"`, "[ab]", "[cd]"},
		},
		{
			name:    "sensitive nested map",
			plan:    update(`{"tags":{"env":"a","s3cr":"v"}}`, `{"tags":{"env":"a","k3y":"v"}}`, `{"tags":true}`, `{"tags":true}`, `{}`, `[]`),
			paths:   "tags",
			secrets: []string{"s3cr", "k3y"},
		},
		{
			name:  "sensitive value unchanged",
			plan:  update(`{"input":{"ab":"x"},"tag":"1"}`, `{"input":{"ab":"x"},"tag":"2"}`, `{"input":true}`, `{"input":true}`, `{}`, `[]`),
			paths: "tag",
		},
		{
			name:  "redacted sensitive value that changed (as in plan.json)",
			plan:  update(`{"input":"(sensitive)"}`, `{"input":"(sensitive, changed)"}`, `{"input":true}`, `{"input":true}`, `{}`, `[]`),
			paths: "input",
		},
		{
			name:  "redacted sensitive value that did not change",
			plan:  update(`{"input":"(sensitive)","n":1}`, `{"input":"(sensitive)","n":2}`, `{"input":true}`, `{"input":true}`, `{}`, `[]`),
			paths: "n",
		},
		{
			name:  "sensitive value becomes unknown inside",
			plan:  update(`{"input":{"a":"1"}}`, `{"input":{"a":null}}`, `{"input":true}`, `{"input":true}`, `{"input":{"a":true}}`, `[]`),
			paths: "input",
		},
		{
			name:    "sensitive on the after side only",
			plan:    update(`{"m":{"k1":"v"}}`, `{"m":{"k2":"v"}}`, `{}`, `{"m":true}`, `{}`, `[]`),
			paths:   "m",
			secrets: []string{"k1", "k2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Classify(tt.plan, table)
			var rcs []Change
			for _, ch := range c.Changes {
				if ch.Type != OutputType {
					rcs = append(rcs, ch)
				}
			}
			if len(rcs) != 1 {
				t.Fatalf("changes: %+v", c.Changes)
			}
			c.Changes = rcs
			if got := strings.Join(c.Changes[0].Paths, ","); got != tt.paths {
				t.Errorf("paths = %q, want %q", got, tt.paths)
			}
			b, _ := json.Marshal(c)
			d, _ := json.Marshal(Gate(c, DefaultPolicy("dev", table), table, nil))
			for _, s := range tt.secrets {
				if strings.Contains(string(b)+string(d), s) {
					t.Errorf("%s printed: %s %s", s, b, d)
				}
			}
		})
	}
}

// replace_paths through a sensitive map stop at the sensitive value.
func TestClassifySensitiveReplacePaths(t *testing.T) {
	js := `{"format_version":"1.2","resource_changes":[{"address":"terraform_data.t","mode":"managed","type":"terraform_data","name":"t",
		"change":{"actions":["delete","create"],"before":{"triggers_replace":{"s3cret-key":"1"}},"after":{"triggers_replace":{"other-key":"1"}},
		"before_sensitive":{"triggers_replace":true},"after_sensitive":{"triggers_replace":true},"after_unknown":{},
		"replace_paths":[["triggers_replace","s3cret-key"],["triggers_replace","other-key"]]}}]}`
	var p tfjson.Plan
	if err := json.Unmarshal([]byte(js), &p); err != nil {
		t.Fatal(err)
	}
	c := Classify(&p, DefaultTable(fixers.All()))
	b, _ := json.Marshal(c)
	for _, s := range []string{"s3cret-key", "other-key"} {
		if strings.Contains(string(b), s) {
			t.Errorf("%s printed: %s", s, b)
		}
	}
	if got := strings.Join(c.Changes[0].ReplacePaths, ","); got != "triggers_replace" {
		t.Errorf("replace paths = %q", got)
	}
}
