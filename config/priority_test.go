package config

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// plainPriority is p without its range, for comparing values.
func plainPriority(p Priority) Priority {
	p.Range = hcl.Range{}
	return p
}

func TestPriorityValues(t *testing.T) {
	def := DefaultPriority()
	tests := []struct {
		name string
		src  string
		want func(p *Priority)
	}{
		{name: "no block", src: "", want: func(*Priority) {}},
		{name: "empty block", src: "priority {}\n", want: func(*Priority) {}},
		{
			name: "weights",
			src:  "priority {\n  internet_facing = 25\n  sensitive_data = 0\n  critical_service = -5\n}\n",
			want: func(p *Priority) { p.InternetFacing, p.SensitiveData, p.CriticalService = 25, 0, -5 },
		},
		{
			name: "severity keeps what it leaves out",
			src:  "priority {\n  severity = { critical = 60, low = 0 }\n}\n",
			want: func(p *Priority) { p.Severity.Critical, p.Severity.Low = 60, 0 },
		},
		{
			name: "environments replace the default, in file order",
			src:  "priority {\n  environments = { prod = 30, sandbox = -10, QA = 5 }\n}\n",
			want: func(p *Priority) {
				p.Environments = []EnvironmentPoints{{"prod", 30}, {"sandbox", -10}, {"QA", 5}}
			},
		},
		{
			name: "empty environments",
			src:  "priority {\n  environments = {}\n}\n",
			want: func(p *Priority) { p.Environments = []EnvironmentPoints{} },
		},
		{
			name: "tags replace the default; [] is any value; repeated values fold",
			src: `priority {
  sensitive_tags = { "data-classification" = ["confidential", "restricted", "pii", "PII"], pii = [] }
  critical_tags  = { criticality = ["high", "critical"], tier = ["0"] }
}
`,
			want: func(p *Priority) {
				p.SensitiveTags = []TagMatch{{Key: "data-classification", Values: []string{"confidential", "restricted", "pii"}}, {Key: "pii"}}
				p.CriticalTags = []TagMatch{{Key: "criticality", Values: []string{"high", "critical"}}, {Key: "tier", Values: []string{"0"}}}
			},
		},
		{
			name: "empty tag map turns the signal off",
			src:  "priority {\n  critical_tags = {}\n}\n",
			want: func(p *Priority) { p.CriticalTags = []TagMatch{} },
		},
		{
			name: "bounds are allowed",
			src:  "priority {\n  internet_facing = 100\n  sensitive_data = -100\n  severity = { high = 100, medium = 0 }\n}\n",
			want: func(p *Priority) {
				p.InternetFacing, p.SensitiveData, p.Severity.High, p.Severity.Medium = 100, -100, 100, 0
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, tt.src)
			want := DefaultPriority()
			tt.want(&want)
			if got := plainPriority(c.Priority()); !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
	if got := Default().Priority(); !reflect.DeepEqual(got, def) {
		t.Errorf("Default().Priority() = %+v, want %+v", got, def)
	}
}

func TestDefaultPriority(t *testing.T) {
	p := DefaultPriority()
	// The documented promise: the most a default finding can weigh is 100,
	// and prod > staging > dev.
	top := p.Severity.Critical + p.InternetFacing + p.SensitiveData + p.CriticalService
	prod, _ := p.EnvironmentPoints("prod")
	if top+prod != 100 {
		t.Errorf("critical + every signal in prod = %d, want 100", top+prod)
	}
	staging, _ := p.EnvironmentPoints("staging")
	dev, ok := p.EnvironmentPoints("dev")
	if !(prod > staging && staging > dev) || !ok {
		t.Errorf("environments prod %d, staging %d, dev %d (listed %v)", prod, staging, dev, ok)
	}
	if p.Severity.Of("low") >= p.Severity.Of("medium") || p.Severity.Of("high") >= p.Severity.Of("critical") || p.Severity.Of("urgent") != 0 {
		t.Errorf("severity points %+v", p.Severity)
	}
	if n, ok := p.EnvironmentPoints("PROD"); n != prod || !ok {
		t.Errorf("EnvironmentPoints(PROD) = %d, %v", n, ok)
	}
	if _, ok := p.EnvironmentPoints("qa"); ok {
		t.Error("qa has points")
	}
}

func TestTagMatch(t *testing.T) {
	tests := []struct {
		m          TagMatch
		key, value string
		want       bool
	}{
		{TagMatch{Key: "data-classification", Values: []string{"pii"}}, "data-classification", "pii", true},
		{TagMatch{Key: "data-classification", Values: []string{"pii"}}, "Data-Classification", "PII", true},
		{TagMatch{Key: "data-classification", Values: []string{"pii"}}, "data-classification", "public", false},
		{TagMatch{Key: "data-classification", Values: []string{"pii"}}, "classification", "pii", false},
		{TagMatch{Key: "pii"}, "pii", "anything", true},
		{TagMatch{Key: "pii"}, "pii", "", true},
	}
	for _, tt := range tests {
		if got := tt.m.Matches(tt.key, tt.value); got != tt.want {
			t.Errorf("%+v.Matches(%q, %q) = %v, want %v", tt.m, tt.key, tt.value, got, tt.want)
		}
	}
}

func TestPriorityOfCommentedExample(t *testing.T) {
	c := mustLoad(t, "../examples/config/driftfix.hcl")
	p := c.Priority()
	// The example documents every attribute with its default value.
	if got := plainPriority(p); !reflect.DeepEqual(got, DefaultPriority()) {
		t.Errorf("the example's priority block is not the defaults:\ngot  %+v\nwant %+v", got, DefaultPriority())
	}
	if p.Range.Filename != "../examples/config/driftfix.hcl" || p.Range.Start.Line == 0 {
		t.Errorf("priority range %s", p.Range)
	}
	prod, _ := c.PolicyFor("prod")
	if prod.ReviewAbovePriority != (Threshold{Priority: 70, Set: true}) {
		t.Errorf("prod review_above_priority = %+v", prod.ReviewAbovePriority)
	}
	dev, _ := c.PolicyFor("dev")
	if dev.ReviewAbovePriority.Set {
		t.Errorf("dev review_above_priority = %+v, want none", dev.ReviewAbovePriority)
	}
}

func TestReviewAbovePriority(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want Threshold
		// above and notAbove are priorities on each side of the threshold
		above, notAbove []int
	}{
		{"policy \"prod\" {}\n", Threshold{}, nil, []int{0, 50, 100}},
		{"policy \"prod\" {\n  review_above_priority = 0\n}\n", Threshold{0, true}, []int{1, 100}, []int{0}},
		{"policy \"prod\" {\n  review_above_priority = 70\n}\n", Threshold{70, true}, []int{71, 100}, []int{0, 70}},
		{"policy \"prod\" {\n  review_above_priority = 100\n}\n", Threshold{100, true}, nil, []int{0, 100}},
		{"policy \"prod\" {\n  review_above_priority = null\n}\n", Threshold{}, nil, []int{0, 100}},
	} {
		c := mustParse(t, tt.src)
		p, _ := c.PolicyFor("prod")
		if p.ReviewAbovePriority != tt.want {
			t.Errorf("%q: ReviewAbovePriority = %+v, want %+v", tt.src, p.ReviewAbovePriority, tt.want)
		}
		for _, n := range tt.above {
			if !p.ReviewAbovePriority.Above(n) {
				t.Errorf("%q: %d is not above", tt.src, n)
			}
		}
		for _, n := range tt.notAbove {
			if p.ReviewAbovePriority.Above(n) {
				t.Errorf("%q: %d is above", tt.src, n)
			}
		}
	}
}

func TestPriorityErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // a line of FormatDiagnostics output, or its start
	}{
		{
			name: "unknown attribute",
			src:  "priority {\n  public = 10\n}\n",
			want: `driftfix.hcl:2,3-9: Unsupported argument; An argument named "public" is not expected here.`,
		},
		{
			name: "two blocks",
			src:  "priority {}\npriority {}\n",
			want: `driftfix.hcl:2,1-9: Duplicate priority block; Only one priority block is allowed; the first is at driftfix.hcl:1,1-9.`,
		},
		{
			name: "weight out of range",
			src:  "priority {\n  internet_facing = 150\n}\n",
			want: `driftfix.hcl:2,21-24: Invalid points; internet_facing must be from -100 to 100, not 150.`,
		},
		{
			name: "negative weight out of range",
			src:  "priority {\n  critical_service = -101\n}\n",
			want: `driftfix.hcl:2,22-26: Invalid points; critical_service must be from -100 to 100, not -101.`,
		},
		{
			name: "weight not a number",
			src:  "priority {\n  sensitive_data = \"high\"\n}\n",
			want: `driftfix.hcl:2,21-25: Unsuitable value type; Unsuitable value: a number is required`,
		},
		{
			name: "fractional weight",
			src:  "priority {\n  sensitive_data = 2.5\n}\n",
			want: `driftfix.hcl:2,20-23: Unsuitable value type`,
		},
		{
			name: "unknown severity",
			src:  "priority {\n  severity = { urgent = 50 }\n}\n",
			want: `driftfix.hcl:2,16-22: Invalid severity; severity sets points for "urgent"; the severities are low, medium, high or critical.`,
		},
		{
			name: "negative severity points",
			src:  "priority {\n  severity = { low = -5 }\n}\n",
			want: `driftfix.hcl:2,22-24: Invalid points; severity["low"] must be from 0 to 100, not -5.`,
		},
		{
			name: "severity points not a number",
			src:  "priority {\n  severity = { low = \"ten\" }\n}\n",
			want: `driftfix.hcl:2,22-27: Incorrect value type; The value of severity["low"] must be a whole number, not string.`,
		},
		{
			name: "fractional environment points",
			src:  "priority {\n  environments = { prod = 1.5 }\n}\n",
			want: `driftfix.hcl:2,27-30: Incorrect value type; The value of environments["prod"] must be a whole number, not 1.5.`,
		},
		{
			name: "huge environment points",
			src:  "priority {\n  environments = { prod = 1e30 }\n}\n",
			want: `driftfix.hcl:2,27-31: Invalid points; environments["prod"] must be from -100 to 100, not `,
		},
		{
			name: "environments not a map",
			src:  "priority {\n  environments = [\"prod\"]\n}\n",
			want: `driftfix.hcl:2,18-26: Incorrect value type; environments must be a map, like { key = 10 }, not tuple.`,
		},
		{
			name: "bad environment name",
			src:  "priority {\n  environments = { \"my env\" = 5 }\n}\n",
			want: `driftfix.hcl:2,20-28: Invalid environment; environments: the environment "my env" may hold only letters, digits, '_', '.' and '-', and must start with a letter or digit.`,
		},
		{
			name: "environments differing in case",
			src:  "priority {\n  environments = {\n    prod = 10\n    PROD = 20\n  }\n}\n",
			want: `driftfix.hcl:4,5-9: Duplicate environment; environments sets "PROD", which it already sets at driftfix.hcl:3,5-9; environment names are compared ignoring case.`,
		},
		{
			name: "tag values not a list",
			src:  "priority {\n  sensitive_tags = { pii = \"yes\" }\n}\n",
			want: `driftfix.hcl:2,28-33: Incorrect value type; sensitive_tags["pii"] must be a list of strings, like ["a", "b"], not string.`,
		},
		{
			name: "null tag values",
			src:  "priority {\n  critical_tags = { tier = null }\n}\n",
			want: `driftfix.hcl:2,28-32: Incorrect value type; critical_tags["tier"] must be a list of tag values; [] matches any value.`,
		},
		{
			name: "empty tag value",
			src:  "priority {\n  critical_tags = { tier = [\"\"] }\n}\n",
			want: `driftfix.hcl:2,29-31: Empty value; Elements of critical_tags["tier"] must not be empty.`,
		},
		{
			name: "number as tag value",
			src:  "priority {\n  critical_tags = { tier = [0] }\n}\n",
			want: `driftfix.hcl:2,29-30: Incorrect value type; Each element of critical_tags["tier"] must be a string, not number.`,
		},
		{
			name: "tag keys differing in case",
			src:  "priority {\n  sensitive_tags = {\n    pii = []\n    PII = [\"yes\"]\n  }\n}\n",
			want: `driftfix.hcl:4,5-8: Duplicate tag key; sensitive_tags sets "PII", which it already sets at driftfix.hcl:3,5-8; tag keys are compared ignoring case.`,
		},
		{
			name: "empty tag key",
			src:  "priority {\n  sensitive_tags = { \"\" = [] }\n}\n",
			want: `driftfix.hcl:2,22-24: Empty key; Keys of sensitive_tags must not be empty.`,
		},
		{
			name: "tags not a map",
			src:  "priority {\n  sensitive_tags = \"pii\"\n}\n",
			want: `driftfix.hcl:2,20-25: Incorrect value type; sensitive_tags must be a map, like { "data-classification" = ["confidential"] }, not string.`,
		},
		{
			name: "review_above_priority above 100",
			src:  "policy \"prod\" {\n  review_above_priority = 101\n}\n",
			want: `driftfix.hcl:2,27-30: Invalid review_above_priority; review_above_priority must be a priority from 0 to 100, not 101.`,
		},
		{
			name: "negative review_above_priority",
			src:  "policy \"prod\" {\n  review_above_priority = -1\n}\n",
			want: `driftfix.hcl:2,27-29: Invalid review_above_priority; review_above_priority must be a priority from 0 to 100, not -1.`,
		},
		{
			name: "review_above_priority not a number",
			src:  "policy \"prod\" {\n  review_above_priority = \"high\"\n}\n",
			want: `driftfix.hcl:2,28-32: Unsuitable value type; Unsuitable value: a number is required`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, diags := Parse([]byte(tt.src), FileName)
			if c != nil || !diags.HasErrors() {
				t.Fatalf("Parse succeeded; want an error %s", tt.want)
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

func TestPriorityAllProblemsAtOnce(t *testing.T) {
	src := `priority {
  internet_facing = 500
  severity        = { low = 200, bad = 1 }
  environments    = { "x y" = 1 }
}
`
	_, diags := Parse([]byte(src), FileName)
	got := FormatDiagnostics(diags)
	for _, want := range []string{
		"driftfix.hcl:2,21-24: Invalid points",
		"driftfix.hcl:3,29-32: Invalid points",
		"driftfix.hcl:3,34-37: Invalid severity",
		"driftfix.hcl:4,23-28: Invalid environment",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics:\n%s\nmissing %s", got, want)
		}
	}
}

func TestPriorityImmutable(t *testing.T) {
	c := mustParse(t, `priority {
  environments   = { prod = 30 }
  sensitive_tags = { pii = ["yes"] }
}
`)
	p := c.Priority()
	p.Environments[0].Points = 99
	p.SensitiveTags[0].Values[0] = "changed"
	p.CriticalTags[0].Key = "changed"

	again := c.Priority()
	if again.Environments[0].Points != 30 || again.SensitiveTags[0].Values[0] != "yes" || again.CriticalTags[0].Key != "criticality" {
		t.Errorf("priority changed through a returned value: %+v", again)
	}
	d := DefaultPriority()
	d.SensitiveTags[0].Values[0] = "changed"
	if DefaultPriority().SensitiveTags[0].Values[0] != "confidential" || Default().Priority().SensitiveTags[0].Values[0] != "confidential" {
		t.Error("DefaultPriority shares its slices")
	}

	o, err := c.WithOverrides(Overrides{Environment: "prod"})
	if err != nil {
		t.Fatal(err)
	}
	if got := o.Priority(); !reflect.DeepEqual(got, c.Priority()) {
		t.Errorf("WithOverrides lost the priority block: %+v", got)
	}
}
