package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// plain is a Config with every range zeroed, for comparing values.
type plain struct {
	Projects []Project
	Classes  []Class
	Policies []Policy
	Rules    Rules
	Settings Settings
}

func strip(c *Config) plain {
	p := plain{Projects: c.Projects(), Classes: c.Classes(), Policies: c.Policies(), Rules: c.Rules(), Settings: c.Settings()}
	refs := func(rs []Ref) []Ref {
		for i := range rs {
			rs[i].Range = hcl.Range{}
		}
		return rs
	}
	for i := range p.Projects {
		x := &p.Projects[i]
		x.Range, x.DirRange, x.TerraformVersionRange = hcl.Range{}, hcl.Range{}, hcl.Range{}
		x.VarFiles = refs(x.VarFiles)
	}
	for i := range p.Classes {
		x := &p.Classes[i]
		x.Range, x.NameRange, x.RiskRange = hcl.Range{}, hcl.Range{}, hcl.Range{}
		x.ResourceRanges, x.PathRanges = nil, nil
	}
	for i := range p.Policies {
		x := &p.Policies[i]
		x.Range = hcl.Range{}
		x.AutoApply, x.RequireApproval = refs(x.AutoApply), refs(x.RequireApproval)
	}
	p.Rules.Disable, p.Rules.EnableOnly = refs(p.Rules.Disable), refs(p.Rules.EnableOnly)
	for i := range p.Rules.Severity {
		p.Rules.Severity[i].Rule.Range = hcl.Range{}
	}
	for i := range p.Rules.RequiredTags {
		p.Rules.RequiredTags[i].Range = hcl.Range{}
	}
	for i := range p.Settings.DriftRemediation {
		p.Settings.DriftRemediation[i].Class.Range = hcl.Range{}
	}
	return p
}

func names(vs ...string) []Ref {
	out := make([]Ref, len(vs))
	for i, v := range vs {
		out[i] = Ref{Value: v}
	}
	return out
}

func mustLoad(t *testing.T, path string) *Config {
	t.Helper()
	c, diags := Load(path)
	if len(diags) > 0 {
		t.Fatalf("Load(%s):\n%s", path, FormatDiagnostics(diags))
	}
	return c
}

func mustParse(t *testing.T, src string) *Config {
	t.Helper()
	c, diags := Parse([]byte(src), FileName)
	if len(diags) > 0 {
		t.Fatalf("Parse:\n%s", FormatDiagnostics(diags))
	}
	return c
}

// span renders a range as file:line,col-col (or -line,col), as diagnostics do.
func span(r hcl.Range) string { return r.String() }

func TestLoadBriefExample(t *testing.T) {
	c := mustLoad(t, "testdata/brief.hcl")
	want := plain{
		Projects: []Project{{Name: "app", Dir: ".", Workspace: "default", Environment: "dev"}},
		Classes:  []Class{{Name: "test-input", Risk: "low", Resources: []string{"terraform_data"}, Paths: []string{"input"}}},
		Policies: []Policy{{Environment: "dev", AutoApply: names("tags", "encryption-at-rest", "test-input"), MaxChanges: 10}},
		Settings: Settings{NoAutoApplyEnvironments: []string{"prod", "production"}},
	}
	if got := strip(c); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if c.File() != "testdata/brief.hcl" {
		t.Errorf("File() = %q", c.File())
	}

	// the ranges a caller needs to report names config cannot check
	p, ok := c.PolicyFor("dev")
	if !ok {
		t.Fatal("no policy for dev")
	}
	wantRanges := []string{
		"testdata/brief.hcl:11,18-24",
		"testdata/brief.hcl:11,26-46",
		"testdata/brief.hcl:11,48-60",
	}
	for i, r := range p.AutoApply {
		if got := span(r.Range); got != wantRanges[i] {
			t.Errorf("auto_apply[%d] %q at %s, want %s", i, r.Value, got, wantRanges[i])
		}
	}
	if got := span(p.Range); got != "testdata/brief.hcl:10,1-13" {
		t.Errorf("policy range %s", got)
	}
	cl := c.Classes()[0]
	if got := span(cl.NameRange); got != "testdata/brief.hcl:5,7-19" {
		t.Errorf("class name range %s", got)
	}
	if got := span(cl.RiskRange); got != "testdata/brief.hcl:6,15-20" {
		t.Errorf("class risk range %s", got)
	}
	pr, _ := c.Project("app")
	if got := span(pr.DirRange); got != "testdata/brief.hcl:2,17-20" {
		t.Errorf("dir range %s", got)
	}
	d := p.AutoApply[2].Diagnostic("Unknown fix class", `There is no class "test-input".`)
	if got := FormatDiagnostics(hcl.Diagnostics{d}); got != "testdata/brief.hcl:11,48-60: Unknown fix class; There is no class \"test-input\".\n" {
		t.Errorf("Ref.Diagnostic renders %q", got)
	}
}

func TestLoadCommentedExample(t *testing.T) {
	c := mustLoad(t, "../examples/config/driftfix.hcl")
	want := plain{
		Projects: []Project{
			{
				Name: "app", Dir: "envs/dev", Workspace: "default", TerraformVersion: "1.5.7", Environment: "dev",
				BackendConfig: map[string]string{"key": "app/dev.tfstate", "encrypt": "true"},
				VarFiles:      names("dev.tfvars", "../common.tfvars"),
				Schedule:      "0 */6 * * *",
			},
			{
				Name: "app-prod", Dir: "envs/prod", Workspace: "default", Environment: "prod",
				VarFiles: names("prod.tfvars"), Schedule: "@daily", ApplyRequirements: []string{"approved", "mergeable", "undiverged"},
			},
		},
		Classes: []Class{{Name: "test-input", Risk: "low", Resources: []string{"terraform_data"}, Paths: []string{"input"}}},
		Policies: []Policy{
			{Environment: "dev", AutoApply: names("tags", "encryption-at-rest", "test-input"), RequireApproval: names("imds"), MaxChanges: 10},
			{Environment: "prod", AutoApply: []Ref{}, MaxChanges: 0, ReviewAbovePriority: Threshold{Priority: 70, Set: true}},
		},
		Rules: Rules{
			Disable:      names("aws-s3-access-logging"),
			EnableOnly:   []Ref{},
			Severity:     []SeverityOverride{{Rule: Ref{Value: "aws-s3-versioning"}, Severity: "high"}},
			RequiredTags: []RequiredTag{{Key: "owner", Value: "platform"}, {Key: "cost-center", Value: ""}},
		},
		Settings: Settings{NoAutoApplyEnvironments: []string{"prod", "production"}, DriftRemediation: []DriftRemediation{{Class: Ref{Value: "tags"}, Action: "codify"}, {Class: Ref{Value: "key-rotation"}, Action: "codify"}},
			DriftTimeout: 10 * time.Minute, DriftRequestTimeout: 30 * time.Second},
	}
	got := strip(c)
	// an empty list decodes to an empty (non-nil) slice; compare by length
	for _, p := range []*Policy{&got.Policies[1], &want.Policies[1]} {
		if len(p.AutoApply) == 0 {
			p.AutoApply = nil
		}
	}
	if len(got.Rules.EnableOnly) == 0 {
		got.Rules.EnableOnly, want.Rules.EnableOnly = nil, nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	r := c.Rules()
	if !r.Enabled("aws-s3-versioning") || r.Enabled("aws-s3-access-logging") {
		t.Error("Enabled: disable not honoured")
	}
	if s, ok := r.SeverityOf("aws-s3-versioning"); !ok || s != "high" {
		t.Errorf("SeverityOf = %q, %v", s, ok)
	}
	if got := r.Tags(); !reflect.DeepEqual(got, map[string]string{"owner": "platform", "cost-center": ""}) {
		t.Errorf("Tags() = %v", got)
	}
	if got := len(r.RuleRefs()); got != 2 {
		t.Errorf("RuleRefs() has %d refs, want 2", got)
	}
	if s := c.Settings(); s.AutoApplyAllowed("PROD") || !s.AutoApplyAllowed("dev") {
		t.Error("AutoApplyAllowed wrong")
	}
}

func TestDefaults(t *testing.T) {
	defaultSettings := Settings{NoAutoApplyEnvironments: []string{"prod", "production"}}
	tests := []struct {
		name string
		src  string
		want plain
	}{
		{
			name: "empty file",
			src:  "# nothing\n",
			want: plain{Projects: []Project{DefaultProject(".")}, Settings: defaultSettings},
		},
		{
			name: "bare project",
			src:  `project "app" {}`,
			want: plain{Projects: []Project{{Name: "app", Dir: ".", Workspace: "default", Environment: "dev"}}, Settings: defaultSettings},
		},
		{
			name: "dir is cleaned",
			src:  `project "app" { dir = "./infra//live/" }`,
			want: plain{Projects: []Project{{Name: "app", Dir: "infra/live", Workspace: "default", Environment: "dev"}}, Settings: defaultSettings},
		},
		{
			name: "dir may go up and come back",
			src:  `project "app" { dir = "infra/../live" }`,
			want: plain{Projects: []Project{{Name: "app", Dir: "live", Workspace: "default", Environment: "dev"}}, Settings: defaultSettings},
		},
		{
			name: "policy without max_changes",
			src:  `policy "dev" {}`,
			want: plain{Projects: []Project{DefaultProject(".")}, Policies: []Policy{{Environment: "dev", MaxChanges: DefaultMaxChanges}}, Settings: defaultSettings},
		},
		{
			name: "class without paths covers the whole resource",
			src:  "class \"data\" {\n  risk = \"medium\"\n  resources = [\"aws_s3_*\"]\n}\n",
			want: plain{Projects: []Project{DefaultProject(".")}, Classes: []Class{{Name: "data", Risk: "medium", Resources: []string{"aws_s3_*"}}}, Settings: defaultSettings},
		},
		{
			name: "empty rules and settings blocks",
			src:  "rules {}\nsettings {}\n",
			want: plain{Projects: []Project{DefaultProject(".")}, Settings: defaultSettings},
		},
		{
			name: "explicit empty no_auto_apply_environments",
			src:  "settings {\n  no_auto_apply_environments = []\n}\n",
			want: plain{Projects: []Project{DefaultProject(".")}, Settings: Settings{NoAutoApplyEnvironments: []string{}}},
		},
		{
			name: "null counts as absent",
			src:  "project \"app\" {\n  workspace = null\n  var_files = null\n}\n",
			want: plain{Projects: []Project{{Name: "app", Dir: ".", Workspace: "default", Environment: "dev"}}, Settings: defaultSettings},
		},
		{
			name: "var files relative to dir",
			src:  "project \"app\" {\n  dir = \"envs/dev\"\n  var_files = [\"./a.tfvars\", \"../../shared.tfvars\"]\n}\n",
			want: plain{Projects: []Project{{Name: "app", Dir: "envs/dev", Workspace: "default", Environment: "dev", VarFiles: names("a.tfvars", "../../shared.tfvars")}}, Settings: defaultSettings},
		},
		{
			name: "duplicate list entries are folded",
			src:  "policy \"dev\" {\n  auto_apply = [\"tags\", \"tags\"]\n}\n",
			want: plain{Projects: []Project{DefaultProject(".")}, Policies: []Policy{{Environment: "dev", AutoApply: names("tags"), MaxChanges: DefaultMaxChanges}}, Settings: defaultSettings},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, diags := Parse([]byte(tt.src), FileName)
			if diags.HasErrors() {
				t.Fatalf("Parse:\n%s", FormatDiagnostics(diags))
			}
			if got := strip(c); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDefaultConfig(t *testing.T) {
	c := Default()
	if c.File() != "" {
		t.Errorf("File() = %q", c.File())
	}
	want := plain{Projects: []Project{{Name: "default", Dir: ".", Workspace: "default", Environment: "dev"}}, Settings: Settings{NoAutoApplyEnvironments: []string{"prod", "production"}}}
	if got := strip(c); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if _, ok := c.PolicyFor("dev"); ok {
		t.Error("Default has a dev policy")
	}
	if !c.Rules().Enabled("aws-anything") {
		t.Error("Default disables rules")
	}
	for dir, want := range map[string]string{"": ".", "./infra/": "infra", "a/../b": "b"} {
		if got := DefaultProject(dir).Dir; got != want {
			t.Errorf("DefaultProject(%q).Dir = %q, want %q", dir, got, want)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // a line of FormatDiagnostics output, or its start
	}{
		{
			name: "unknown block",
			src:  "project \"app\" {}\nprojects \"x\" {}\n",
			want: `driftfix.hcl:2,1-9: Unsupported block type; Blocks of type "projects" are not expected here. Did you mean "project"?`,
		},
		{
			name: "unknown attribute",
			src:  "project \"app\" {\n  directory = \".\"\n}\n",
			want: `driftfix.hcl:2,3-12: Unsupported argument; An argument named "directory" is not expected here.`,
		},
		{
			name: "unknown top-level attribute",
			src:  "version = 2\n",
			want: `driftfix.hcl:1,1-8: Unsupported argument; An argument named "version" is not expected here.`,
		},
		{
			name: "attribute where a block belongs",
			src:  "rules = {}\n",
			want: `driftfix.hcl:1,1-6: Unsupported argument; An argument named "rules" is not expected here. Did you mean to define a block of type "rules"?`,
		},
		{
			name: "missing label",
			src:  "project {\n}\n",
			want: `driftfix.hcl:1,9-10: Missing name for project; All project blocks must have 1 labels (name).`,
		},
		{
			name: "wrong type scalar",
			src:  "policy \"dev\" {\n  max_changes = \"ten\"\n}\n",
			want: `driftfix.hcl:2,18-21: Unsuitable value type; Unsuitable value: a number is required`,
		},
		{
			name: "fractional max_changes",
			src:  "policy \"dev\" {\n  max_changes = 1.5\n}\n",
			want: `driftfix.hcl:2,17-20: Unsuitable value type`,
		},
		{
			name: "list where a string belongs",
			src:  "project \"app\" {\n  dir = [\".\"]\n}\n",
			want: `driftfix.hcl:2,9-10: Unsuitable value type; Unsuitable value: string required`,
		},
		{
			name: "string where a list belongs",
			src:  "policy \"dev\" {\n  auto_apply = \"tags\"\n}\n",
			want: `driftfix.hcl:2,16-22: Incorrect value type; auto_apply must be a list of strings, like ["a", "b"], not string.`,
		},
		{
			name: "number in a list",
			src:  "policy \"dev\" {\n  auto_apply = [\"tags\", 7]\n}\n",
			want: `driftfix.hcl:2,25-26: Incorrect value type; Each element of auto_apply must be a string, not number.`,
		},
		{
			name: "empty string in a list",
			src:  "rules {\n  disable = [\"\"]\n}\n",
			want: `driftfix.hcl:2,14-16: Empty value; Elements of disable must not be empty.`,
		},
		{
			name: "list where a map belongs",
			src:  "rules {\n  severity = [\"high\"]\n}\n",
			want: `driftfix.hcl:2,14-22: Incorrect value type; severity must be a map of strings, like { key = "value" }, not tuple.`,
		},
		{
			name: "variables are not allowed",
			src:  "project \"app\" {\n  dir = var.dir\n}\n",
			want: `driftfix.hcl:2,9-12: Variables not allowed; Variables may not be used here.`,
		},
		{
			name: "unknown risk",
			src:  "class \"c\" {\n  risk      = \"extreme\"\n  resources = [\"aws_s3_bucket\"]\n}\n",
			want: `driftfix.hcl:2,15-24: Invalid risk; risk must be one of low, medium or high, not "extreme".`,
		},
		{
			name: "risk is case-sensitive",
			src:  "class \"c\" {\n  risk      = \"Low\"\n  resources = [\"aws_s3_bucket\"]\n}\n",
			want: `driftfix.hcl:2,15-20: Invalid risk; risk must be one of low, medium or high, not "Low".`,
		},
		{
			name: "missing risk",
			src:  "class \"c\" {\n  resources = [\"aws_s3_bucket\"]\n}\n",
			want: `driftfix.hcl:1,1-10: Missing risk; class "c" needs a risk: one of low, medium or high.`,
		},
		{
			name: "missing resources",
			src:  "class \"c\" {\n  risk = \"low\"\n}\n",
			want: `driftfix.hcl:1,1-10: Missing resources; class "c" needs resources`,
		},
		{
			name: "empty resources",
			src:  "class \"c\" {\n  risk      = \"low\"\n  resources = []\n}\n",
			want: `driftfix.hcl:3,15-17: Empty resources; resources must name at least one resource type pattern.`,
		},
		{
			name: "empty paths",
			src:  "class \"c\" {\n  risk      = \"low\"\n  resources = [\"x\"]\n  paths     = []\n}\n",
			want: `driftfix.hcl:4,15-17: Empty paths; paths must name at least one attribute path; leave it out to cover the whole resource.`,
		},
		{
			name: "bad resource glob",
			src:  "class \"c\" {\n  risk      = \"low\"\n  resources = [\"aws_[\"]\n}\n",
			want: `driftfix.hcl:3,16-23: Invalid resource pattern; "aws_[" is not a valid pattern: syntax error in pattern.`,
		},
		{
			name: "bad class name",
			src:  "class \"Test_Input\" {\n  risk      = \"low\"\n  resources = [\"x\"]\n}\n",
			want: `driftfix.hcl:1,7-19: Invalid class name; The class name "Test_Input" may hold only lowercase letters, digits and single hyphens, like "test-input".`,
		},
		{
			name: "reserved class name",
			src:  "class \"unknown\" {\n  risk      = \"high\"\n  resources = [\"x\"]\n}\n",
			want: `driftfix.hcl:1,7-16: Invalid class name; The class name "unknown" is reserved for changes outside every class.`,
		},
		{
			name: "severity not in the scale",
			src:  "rules {\n  severity = { \"aws-s3-versioning\" = \"urgent\" }\n}\n",
			want: `driftfix.hcl:2,38-46: Invalid severity; The severity of "aws-s3-versioning" must be one of low, medium, high or critical, not "urgent".`,
		},
		{
			name: "severity value not a string",
			src:  "rules {\n  severity = { a = 3 }\n}\n",
			want: `driftfix.hcl:2,20-21: Incorrect value type; The value of severity["a"] must be a string, not number.`,
		},
		{
			name: "duplicate severity key",
			src:  "rules {\n  severity = {\n    a = \"low\"\n    \"a\" = \"high\"\n  }\n}\n",
			want: `driftfix.hcl:4,5-8: Duplicate key; severity sets "a" twice; it was first set at driftfix.hcl:3,5-6.`,
		},
		{
			name: "reserved tag key",
			src:  "rules {\n  required_tags = { \"aws:owner\" = \"x\" }\n}\n",
			want: `driftfix.hcl:2,21-32: Invalid tag key; Tag keys that start with "aws:" are reserved by AWS; "aws:owner" cannot be required.`,
		},
		{
			name: "bad cron expression",
			src:  "project \"app\" {\n  schedule = \"0 */6 * *\"\n}\n",
			want: `driftfix.hcl:2,14-25: Invalid schedule; schedule must be a cron expression with five fields ("0 */6 * * *") or a descriptor ("@daily", "@every 6h"): expected exactly 5 fields, found 4: [0 */6 * *].`,
		},
		{
			name: "six-field cron (seconds) is not standard",
			src:  "project \"app\" {\n  schedule = \"0 0 */6 * * *\"\n}\n",
			want: `driftfix.hcl:2,14-29: Invalid schedule; schedule must be a cron expression`,
		},
		{
			name: "unknown descriptor",
			src:  "project \"app\" {\n  schedule = \"@fortnightly\"\n}\n",
			want: `driftfix.hcl:2,14-28: Invalid schedule; schedule must be a cron expression with five fields ("0 */6 * * *") or a descriptor ("@daily", "@every 6h"): unrecognized descriptor: @fortnightly.`,
		},
		{
			name: "schedule that never fires",
			src:  "project \"app\" {\n  schedule = \"0 0 30 2 *\"\n}\n",
			want: `driftfix.hcl:2,14-26: Invalid schedule; schedule must be a cron expression with five fields ("0 */6 * * *") or a descriptor ("@daily", "@every 6h"): "0 0 30 2 *" never fires.`,
		},
		{
			name: "malformed time zone prefix does not panic",
			src:  "project \"app\" {\n  schedule = \"TZ=UTC\"\n}\n",
			want: `driftfix.hcl:2,14-22: Invalid schedule; schedule must be a cron expression with five fields ("0 */6 * * *") or a descriptor ("@daily", "@every 6h"): "TZ=UTC" is not a valid cron expression.`,
		},
		{
			name: "negative max_changes",
			src:  "policy \"dev\" {\n  max_changes = -1\n}\n",
			want: `driftfix.hcl:2,17-19: Invalid max_changes; max_changes must be 0 (no limit) or more, not -1.`,
		},
		{
			name: "duplicate project",
			src:  "project \"app\" {}\nproject \"app\" {\n  dir = \"x\"\n}\n",
			want: `driftfix.hcl:2,9-14: Duplicate project; A project named "app" is already defined at driftfix.hcl:1,9-14; project names must be unique.`,
		},
		{
			name: "duplicate class",
			src:  "class \"c\" {\n  risk      = \"low\"\n  resources = [\"x\"]\n}\nclass \"c\" {\n  risk      = \"high\"\n  resources = [\"y\"]\n}\n",
			want: `driftfix.hcl:5,7-10: Duplicate class; A class named "c" is already defined at driftfix.hcl:1,7-10; class names must be unique.`,
		},
		{
			name: "duplicate policy ignoring case",
			src:  "policy \"prod\" {}\npolicy \"PROD\" {}\n",
			want: `driftfix.hcl:2,8-14: Duplicate policy; A policy for environment "PROD" is already defined at driftfix.hcl:1,8-14; environment names are compared ignoring case.`,
		},
		{
			name: "two rules blocks",
			src:  "rules {}\nrules {}\n",
			want: `driftfix.hcl:2,1-6: Duplicate rules block; Only one rules block is allowed; the first is at driftfix.hcl:1,1-6.`,
		},
		{
			name: "two settings blocks",
			src:  "settings {}\n\nsettings {}\n",
			want: `driftfix.hcl:3,1-9: Duplicate settings block; Only one settings block is allowed; the first is at driftfix.hcl:1,1-9.`,
		},
		{
			name: "bad drift timeout",
			src:  "settings {\n  drift_timeout = \"ten minutes\"\n}\n",
			want: `driftfix.hcl:2,19-32: Invalid duration; drift_timeout is "ten minutes"; want a positive duration such as "30s" or "10m".`,
		},
		{
			name: "drift types not a list of strings",
			src:  "settings {\n  drift_types = \"aws_s3_bucket\"\n}\n",
			want: `driftfix.hcl:2,17-32: Incorrect value type; drift_types must be a list of strings, like ["a", "b"], not string.`,
		},
		{
			name: "zero request timeout",
			src:  "settings {\n  drift_request_timeout = \"0s\"\n}\n",
			want: `driftfix.hcl:2,27-31: Invalid duration; drift_request_timeout is "0s"; want a positive duration such as "30s" or "10m".`,
		},
		{
			name: "dir escapes the repository",
			src:  "project \"app\" {\n  dir = \"../other\"\n}\n",
			want: `driftfix.hcl:2,9-19: Invalid project directory; dir "../other" escapes the repository (the directory of driftfix.hcl).`,
		},
		{
			name: "dir escapes after cleaning",
			src:  "project \"app\" {\n  dir = \"a/../../b\"\n}\n",
			want: `driftfix.hcl:2,9-20: Invalid project directory; dir "a/../../b" escapes the repository (the directory of driftfix.hcl).`,
		},
		{
			name: "absolute dir",
			src:  "project \"app\" {\n  dir = \"/srv/infra\"\n}\n",
			want: `driftfix.hcl:2,9-21: Invalid project directory; dir "/srv/infra" must be a relative path.`,
		},
		{
			name: "windows dir",
			src:  "project \"app\" {\n  dir = \"infra\\\\live\"\n}\n",
			want: `driftfix.hcl:2,9-22: Invalid project directory; dir "infra\\live" must use forward slashes.`,
		},
		{
			name: "empty dir",
			src:  "project \"app\" {\n  dir = \"\"\n}\n",
			want: `driftfix.hcl:2,9-11: Invalid project directory; dir must not be empty.`,
		},
		{
			name: "var file escapes the repository",
			src:  "project \"app\" {\n  dir       = \"live\"\n  var_files = [\"ok.tfvars\", \"../../x.tfvars\"]\n}\n",
			want: `driftfix.hcl:3,29-45: Invalid var file; var_files: "../../x.tfvars" escapes the repository (the directory of driftfix.hcl) (paths are relative to the project's dir).`,
		},
		{
			name: "constraint instead of a version",
			src:  "project \"app\" {\n  terraform_version = \">= 1.5\"\n}\n",
			want: `driftfix.hcl:2,23-31: Invalid Terraform version; terraform_version must be an exact version like "1.5.7", not ">= 1.5".`,
		},
		{
			name: "bad workspace",
			src:  "project \"app\" {\n  workspace = \"a/b\"\n}\n",
			want: `driftfix.hcl:2,15-20: Invalid workspace; workspace "a/b" is not a valid Terraform workspace name (letters, digits, '-', '_', '.').`,
		},
		{
			name: "empty environment",
			src:  "project \"app\" {\n  environment = \"\"\n}\n",
			want: `driftfix.hcl:2,17-19: Invalid environment; environment must not be empty.`,
		},
		{
			name: "bad project name",
			src:  "project \"my app\" {}\n",
			want: `driftfix.hcl:1,9-17: Invalid project name; The project name "my app" may hold only letters, digits, '_', '.' and '-', and must start with a letter or digit.`,
		},
		{
			name: "class both auto-applied and approved",
			src:  "policy \"dev\" {\n  auto_apply       = [\"tags\", \"imds\"]\n  require_approval = [\"imds\"]\n}\n",
			want: `driftfix.hcl:2,31-37: Contradictory policy; Class "imds" is in both auto_apply and require_approval (at driftfix.hcl:3,23-29); list it in one of them.`,
		},
		{
			name: "rule both enabled-only and disabled",
			src:  "rules {\n  disable     = [\"aws-a\"]\n  enable_only = [\"aws-a\"]\n}\n",
			want: `driftfix.hcl:3,18-25: Contradictory rules; Rule "aws-a" is in both enable_only and disable (at driftfix.hcl:2,18-25); list it in one of them.`,
		},
		{
			name: "backend_config value is a list",
			src:  "project \"app\" {\n  backend_config = { key = [\"a\"] }\n}\n",
			want: `driftfix.hcl:2,28-33: Incorrect value type; The value of backend_config["key"] must be a string, not tuple.`,
		},
		{
			name: "syntax error",
			src:  "project \"app\" {\n  dir = \n}\n",
			want: `driftfix.hcl:2,9-3,1: Invalid expression; Expected the start of an expression, but found an invalid expression token.`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, diags := Parse([]byte(tt.src), FileName)
			if !diags.HasErrors() {
				t.Fatalf("no error; want %s", tt.want)
			}
			if c != nil {
				t.Error("a config came with errors")
			}
			for _, d := range diags {
				if d.Subject == nil || d.Subject.Filename != FileName {
					t.Errorf("diagnostic without a subject in the file: %s", d.Error())
				}
			}
			out := FormatDiagnostics(diags)
			found := false
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(line, tt.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("diagnostics:\n%s\nwant a line starting\n%s", out, tt.want)
			}
		})
	}
}

func TestAllProblemsAtOnce(t *testing.T) {
	src := `project "app" {
  dir = "../x"
}
class "c" {
  risk      = "extreme"
  resources = ["x"]
}
policy "dev" {
  max_changes = -3
}
`
	_, diags := Parse([]byte(src), FileName)
	got := FormatDiagnostics(diags)
	for _, want := range []string{"driftfix.hcl:2,9-15: Invalid project directory", "driftfix.hcl:5,15-24: Invalid risk", "driftfix.hcl:9,17-19: Invalid max_changes"} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics:\n%s\nmissing %s", got, want)
		}
	}
}

func TestWarnings(t *testing.T) {
	src := "policy \"dev\" {\n  auto_apply = [\"tags\", \"tags\"]\n}\n"
	c, diags := Parse([]byte(src), FileName)
	if diags.HasErrors() || c == nil {
		t.Fatalf("errors:\n%s", FormatDiagnostics(diags))
	}
	want := "Warning: driftfix.hcl:2,25-31: Duplicate entry; auto_apply lists \"tags\" twice; it is first listed at driftfix.hcl:2,17-23.\n"
	if got := FormatDiagnostics(diags); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestNotHCL(t *testing.T) {
	for _, tt := range []struct {
		file string
		want string
	}{
		{"testdata/not-hcl.yaml", "testdata/not-hcl.yaml:1,1-9: Argument or block definition required"},
	} {
		c, diags := Load(tt.file)
		if c != nil || !diags.HasErrors() {
			t.Fatalf("Load(%s) succeeded", tt.file)
		}
		if got := FormatDiagnostics(diags); !strings.HasPrefix(got, tt.want) {
			t.Errorf("Load(%s):\n%s\nwant a start of\n%s", tt.file, got, tt.want)
		}
	}
	for _, src := range []string{"{\"project\": {}}", "\x00\x01\x02", "\xff\xfe project", "[section]\nkey=value\n"} {
		c, diags := Parse([]byte(src), FileName)
		if c != nil || !diags.HasErrors() {
			t.Errorf("Parse(%q) succeeded", src)
		}
		for _, d := range diags {
			if d.Subject == nil || d.Subject.Filename != FileName {
				t.Errorf("Parse(%q): diagnostic without subject: %s", src, d.Error())
			}
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	c, diags := Load(path)
	if c != nil || !diags.HasErrors() {
		t.Fatal("Load of a missing file succeeded")
	}
	if got := FormatDiagnostics(diags); !strings.HasPrefix(got, path+":1,1-1: Cannot read config file; ") {
		t.Errorf("got %q", got)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	p, err := Find(dir)
	if p != "" || err != nil {
		t.Fatalf("Find(empty dir) = %q, %v", p, err)
	}

	src, err := os.ReadFile("testdata/brief.hcl")
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, FileName)
	if err := os.WriteFile(want, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := Find(dir); p != want || err != nil {
		t.Fatalf("Find = %q, %v; want %q", p, err, want)
	}
	c, diags := Load(want)
	if diags.HasErrors() || c.File() != want {
		t.Fatalf("Load = %v, %s", c, FormatDiagnostics(diags))
	}
	if _, ok := c.Project("app"); !ok {
		t.Error("project app missing")
	}

	odd := t.TempDir()
	if err := os.Mkdir(filepath.Join(odd, FileName), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Find(odd); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("Find(dir with a driftfix.hcl directory) = %v", err)
	}
}

func TestLookups(t *testing.T) {
	c := mustLoad(t, "../examples/config/driftfix.hcl")
	if p, ok := c.Project("app-prod"); !ok || p.Dir != "envs/prod" {
		t.Errorf("Project(app-prod) = %+v, %v", p, ok)
	}
	if _, ok := c.Project("nope"); ok {
		t.Error("Project(nope) found")
	}
	if p, ok := c.PolicyFor("PROD"); !ok || p.Environment != "prod" {
		t.Errorf("PolicyFor(PROD) = %+v, %v", p, ok)
	}
	if _, ok := c.PolicyFor("staging"); ok {
		t.Error("PolicyFor(staging) found")
	}
}

func TestImmutable(t *testing.T) {
	c := mustLoad(t, "../examples/config/driftfix.hcl")
	before := fmt.Sprintf("%+v", strip(c))

	ps := c.Projects()
	ps[0].Name = "changed"
	ps[0].BackendConfig["key"] = "changed"
	ps[0].VarFiles[0].Value = "changed"
	p, _ := c.Project("app")
	p.BackendConfig["encrypt"] = "false"
	pol, _ := c.PolicyFor("dev")
	pol.AutoApply[0].Value = "iam"
	cls := c.Classes()
	cls[0].Resources[0] = "*"
	r := c.Rules()
	r.Disable[0].Value = "changed"
	r.RequiredTags[0].Value = "changed"
	s := c.Settings()
	s.NoAutoApplyEnvironments[0] = "dev"
	if _, err := c.WithOverrides(Overrides{Environment: "qa", Disable: []string{"aws-x"}, RequiredTags: []RequiredTag{{Key: "owner", Value: "me"}}}); err != nil {
		t.Fatal(err)
	}

	if after := fmt.Sprintf("%+v", strip(c)); after != before {
		t.Errorf("config changed through a returned value:\nbefore %s\nafter  %s", before, after)
	}
}

func TestOverrides(t *testing.T) {
	base := mustParse(t, `project "a" {
  environment       = "dev"
  terraform_version = "1.5.7"
}
project "b" {}
rules {
  disable       = ["aws-one"]
  enable_only   = ["aws-two", "aws-three"]
  required_tags = { owner = "platform", "cost-center" = "" }
}
`)
	tests := []struct {
		name  string
		o     Overrides
		check func(t *testing.T, c *Config)
	}{
		{
			name: "zero overrides change nothing",
			check: func(t *testing.T, c *Config) {
				if !reflect.DeepEqual(strip(c), strip(base)) {
					t.Errorf("got %+v", strip(c))
				}
			},
		},
		{
			name: "project values replace the file's in every project",
			o:    Overrides{Environment: "prod", Workspace: "blue"},
			check: func(t *testing.T, c *Config) {
				for _, p := range c.Projects() {
					if p.Environment != "prod" || p.Workspace != "blue" {
						t.Errorf("project %s = %+v", p.Name, p)
					}
				}
			},
		},
		{
			name: "required tags merge, flags win",
			o:    Overrides{RequiredTags: []RequiredTag{{Key: "cost-center", Value: "42"}, {Key: "team", Value: "sre"}, {Key: "env", Value: "dev"}}},
			check: func(t *testing.T, c *Config) {
				want := []RequiredTag{{Key: "owner", Value: "platform"}, {Key: "cost-center", Value: "42"}, {Key: "team", Value: "sre"}, {Key: "env", Value: "dev"}}
				if got := strip(c).Rules.RequiredTags; !reflect.DeepEqual(got, want) {
					t.Errorf("got %+v\nwant %+v", got, want)
				}
				if r := c.Rules().RequiredTags[0].Range; r.Filename != FileName {
					t.Errorf("the file's tag lost its range: %v", r)
				}
			},
		},
		{
			name: "disable adds, enable_only replaces",
			o:    Overrides{Disable: []string{"aws-one", "aws-four"}, EnableOnly: []string{"aws-four", "aws-five"}},
			check: func(t *testing.T, c *Config) {
				r := strip(c).Rules
				if !reflect.DeepEqual(r.Disable, names("aws-one", "aws-four")) {
					t.Errorf("Disable = %+v", r.Disable)
				}
				if !reflect.DeepEqual(r.EnableOnly, names("aws-four", "aws-five")) {
					t.Errorf("EnableOnly = %+v", r.EnableOnly)
				}
				rules := c.Rules()
				if rules.Enabled("aws-two") || rules.Enabled("aws-four") || !rules.Enabled("aws-five") {
					t.Error("Enabled does not follow the overrides")
				}
			},
		},
		{
			name: "an explicit enable_only wins over the file's disable",
			o:    Overrides{EnableOnly: []string{"aws-one"}},
			check: func(t *testing.T, c *Config) {
				if r := c.Rules(); !r.Enabled("aws-one") || len(r.Disable) != 0 {
					t.Errorf("aws-one not enabled: %+v", strip(c).Rules)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := base.WithOverrides(tt.o)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
			if c.File() != base.File() {
				t.Errorf("File() = %q", c.File())
			}
		})
	}

	bad := []struct {
		o    Overrides
		want string
	}{
		{Overrides{Environment: "a b"}, `override environment: "a b" may hold only`},
		{Overrides{Workspace: "x/y"}, `override workspace: "x/y" is not a valid Terraform workspace name`},
		{Overrides{RequiredTags: []RequiredTag{{Key: "aws:x", Value: "y"}}}, `override required tags: tag keys that start with "aws:" are reserved`},
		{Overrides{Disable: []string{""}}, `override list: values must not be empty`},
	}
	for _, b := range bad {
		c, err := base.WithOverrides(b.o)
		if err == nil || c != nil {
			t.Errorf("WithOverrides(%+v) succeeded", b.o)
			continue
		}
		if !strings.Contains(err.Error(), b.want) {
			t.Errorf("WithOverrides(%+v) = %v, want %s", b.o, err, b.want)
		}
	}
}

func TestParseSchedule(t *testing.T) {
	from := mustTime(t, "2024-01-01T00:00:00Z")
	tests := []struct {
		spec string
		next string // "" = invalid
	}{
		{"0 */6 * * *", "2024-01-01T06:00:00Z"},
		{"30 2 * * 2", "2024-01-02T02:30:00Z"},
		{"@daily", "2024-01-02T00:00:00Z"},
		{"@hourly", "2024-01-01T01:00:00Z"},
		{"@every 90m", "2024-01-01T01:30:00Z"},
		{"0 0 29 2 *", "2024-02-29T00:00:00Z"},
		{"", ""},
		{"* * * *", ""},
		{"0 0 0 * * *", ""},
		{"61 * * * *", ""},
		{"@every", ""},
		{"@every soon", ""},
		{"0 0 31 4 *", ""},
		{"CRON_TZ=Nowhere/City 0 * * * *", ""},
		{"TZ=", ""},
	}
	for _, tt := range tests {
		s, err := ParseSchedule(tt.spec)
		if tt.next == "" {
			if err == nil {
				t.Errorf("ParseSchedule(%q) succeeded", tt.spec)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseSchedule(%q): %v", tt.spec, err)
			continue
		}
		if got := s.Next(from).UTC().Format("2006-01-02T15:04:05Z"); got != tt.next {
			t.Errorf("ParseSchedule(%q).Next = %s, want %s", tt.spec, got, tt.next)
		}
	}
}

func TestWriteDiagnostics(t *testing.T) {
	src := []byte("class \"c\" {\n  risk      = \"extreme\"\n  resources = [\"x\"]\n}\n")
	_, diags := Parse(src, FileName)
	var b strings.Builder
	if err := WriteDiagnostics(&b, diags, map[string][]byte{FileName: src}, 0, false); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{"Error: Invalid risk", "on driftfix.hcl line 2", `risk      = "extreme"`, "risk must be one of low, medium or high"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}

	// without sources, the file is read from disk
	c, diags := Load("testdata/not-hcl.yaml")
	if c != nil {
		t.Fatal("loaded")
	}
	b.Reset()
	if err := WriteDiagnostics(&b, diags, nil, 80, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "projects:") {
		t.Errorf("no snippet from disk:\n%s", b.String())
	}
}

// The environments a config knows, and how a name from the command line
// is checked against them.
func TestEnvironments(t *testing.T) {
	c, diags := Parse([]byte("project \"a\" {\n  environment = \"staging\"\n}\npolicy \"dev\" {}\nsettings {\n  no_auto_apply_environments = [\"prod\"]\n}\n"), "driftfix.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if got := strings.Join(c.Environments(), ","); got != "dev,prod,staging" {
		t.Errorf("Environments() = %s", got)
	}
	if got := strings.Join(Default().Environments(), ","); got != "dev,prod,production" {
		t.Errorf("Default().Environments() = %s", got)
	}
	for name, want := range map[string]string{
		"dev":        "",
		"staging":    "",
		"prod":       "",
		"production": `environment "production" is not configured in driftfix.hcl; known environments: dev, prod, staging`,
		"Prod":       `did you mean "prod"?`,
		" prod":      "has spaces around it",
		"prod\t":     "has spaces around it",
		"":           "not configured",
	} {
		got, err := c.LookupEnvironment(name)
		switch {
		case want == "" && (err != nil || got != name):
			t.Errorf("LookupEnvironment(%q) = %q, %v", name, got, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("LookupEnvironment(%q) error %v, want %q", name, err, want)
		}
	}
	if _, err := Default().LookupEnvironment("staging"); err == nil || !strings.Contains(err.Error(), "there is no driftfix.hcl") {
		t.Errorf("without a file: %v", err)
	}
	_, diags = Parse([]byte("settings {\n  no_auto_apply_environments = [\" prod\"]\n}\n"), "driftfix.hcl")
	if msg := FormatDiagnostics(diags); !strings.Contains(msg, "driftfix.hcl:2,33-40: Invalid environment") {
		t.Errorf("a spaced name in no_auto_apply_environments: %q", msg)
	}
}

// FindUp looks in the directory and its parents, up to the repository root.
func TestFindUp(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	deep := filepath.Join(repo, "a", "b")
	for _, d := range []string{deep, filepath.Join(repo, ".git")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// above the repository root: never found from inside it
	os.WriteFile(filepath.Join(root, FileName), []byte(""), 0o644)
	if got, err := FindUp(deep); err != nil || got != "" {
		t.Fatalf("FindUp found %q (%v) above the repository root", got, err)
	}
	os.WriteFile(filepath.Join(repo, FileName), []byte(""), 0o644)
	if got, _ := FindUp(deep); got != filepath.Join(repo, FileName) {
		t.Errorf("FindUp(deep) = %q", got)
	}
	os.WriteFile(filepath.Join(repo, "a", FileName), []byte(""), 0o644)
	if got, _ := FindUp(deep); got != filepath.Join(repo, "a", FileName) {
		t.Errorf("the nearest parent wins: %q", got)
	}
	if got, _ := FindUp(root); got != filepath.Join(root, FileName) {
		t.Errorf("FindUp(root) = %q", got)
	}
}
