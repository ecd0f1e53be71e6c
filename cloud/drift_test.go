package cloud

import (
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/attrpath"
	"github.com/driftfix/driftfix/iac/tfstate"
	"github.com/driftfix/driftfix/internal/testenv"
	tfjson "github.com/hashicorp/terraform-json"
)

func readState(t *testing.T) []tfstate.Resource {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testenv.PlanFixtures(), "drift-revert", "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := tfstate.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return s.Resources
}

func readPlan(t *testing.T, name string) *tfjson.Plan {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testenv.PlanFixtures(), "drift-revert", name))
	if err != nil {
		t.Fatal(err)
	}
	var p tfjson.Plan
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	return &p
}

const sgID = "sg-1b4f9faf-ce3d-4e4"

func sgRule(port int, cidr, desc string) map[string]any {
	return map[string]any{
		"cidr_blocks": []any{cidr}, "description": desc, "from_port": port, "to_port": port,
		"protocol": "tcp", "ipv6_cidr_blocks": []any{}, "prefix_list_ids": []any{}, "security_groups": []any{}, "self": false,
	}
}

// liveDriftRevert is what a reader sees after drift-revert's out-of-band
// change: the bucket's tags replaced, versioning suspended, SSH opened.
// The reader names attributes like the provider, reports only some of
// them, and returns the rules in API order.
func liveDriftRevert() []Resource {
	return []Resource{
		{Ref: Ref{Type: "aws_s3_bucket", ID: "fx-s9-data", Region: "us-east-1"}, Attrs: map[string]any{
			"bucket": "fx-s9-data",
			"tags":   map[string]any{"env": "prod-DRIFTED", "added-out-of-band": "yes"},
		}},
		{Ref: Ref{Type: "aws_s3_bucket_versioning", ID: "fx-s9-data", Region: "us-east-1"}, Attrs: map[string]any{
			"versioning_configuration": []any{map[string]any{"status": "Suspended"}},
		}},
		{Ref: Ref{Type: "aws_security_group", ID: sgID, Region: "us-east-1"}, Attrs: map[string]any{
			"name":        "fx-s9-web",
			"description": "fixture web sg",
			"ingress":     []any{sgRule(443, "10.0.0.0/8", "https"), sgRule(22, "0.0.0.0/0", "")},
			"egress": []any{map[string]any{
				"cidr_blocks": []any{"0.0.0.0/0"}, "description": "", "from_port": 0, "to_port": 0, "protocol": "-1",
				"ipv6_cidr_blocks": nil, "prefix_list_ids": nil, "security_groups": nil, "self": false,
			}},
			"tags":   map[string]any{"Name": "fx-s9-web"},
			"vpc_id": "vpc-default",
		}},
	}
}

func swept() []Resource {
	return []Resource{
		{Ref: Ref{Type: "aws_s3_bucket", ID: "fx-s9-data", Region: "us-east-1"}, Attrs: map[string]any{"tags": map[string]any{"env": "prod-DRIFTED"}}},
		{Ref: Ref{Type: "aws_s3_bucket", ID: "stray-bucket", Region: "us-east-1"}, Attrs: map[string]any{"tags": map[string]any{"env": "prod"}}},
		{Ref: Ref{Type: "aws_security_group", ID: "sg-stray", Region: "us-east-1"}, Attrs: map[string]any{"name": "stray"}},
		{Ref: Ref{Type: "aws_security_group", ID: sgID, Region: "us-east-1"}},
		{Ref: Ref{Type: "aws_s3_bucket", ID: "stray-bucket", Region: "us-east-1"}}, // listed twice
	}
}

func TestCompareDriftRevert(t *testing.T) {
	got := Compare(readState(t), liveDriftRevert(), nil, swept(), CompareOptions{})
	want := []Drift{
		{Kind: Changed, Type: "aws_s3_bucket", ID: "fx-s9-data", Address: "aws_s3_bucket.data", Region: "us-east-1", Changes: []Change{
			{Path: `tags["added-out-of-band"]`, Expected: nil, Actual: "yes"},
			{Path: "tags.env", Expected: "prod", Actual: "prod-DRIFTED"},
			{Path: "tags.owner", Expected: "platform", Actual: nil},
		}},
		{Kind: Changed, Type: "aws_s3_bucket_versioning", ID: "fx-s9-data", Address: "aws_s3_bucket_versioning.data", Region: "us-east-1", Changes: []Change{
			{Path: "versioning_configuration[0].status", Expected: "Enabled", Actual: "Suspended"},
		}},
		{Kind: Changed, Type: "aws_security_group", ID: sgID, Address: "aws_security_group.web", Region: "us-east-1", Changes: []Change{
			{Path: "ingress[0]", Expected: nil, Actual: plain(sgRule(22, "0.0.0.0/0", ""))},
		}},
		{Kind: Unmanaged, Type: "aws_s3_bucket", ID: "stray-bucket", Region: "us-east-1"},
		{Kind: Unmanaged, Type: "aws_security_group", ID: "sg-stray", Region: "us-east-1"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Compare:\n got %s\nwant %s", js(got), js(want))
	}
}

func TestCompareDeletedAndRegions(t *testing.T) {
	state := readState(t)
	missing := []Ref{{Type: "aws_security_group", ID: sgID, Region: "us-east-1"}, {Type: "aws_s3_bucket", ID: "never-managed"}}
	live := liveDriftRevert()[:2]
	got := Compare(state, live, missing, nil, CompareOptions{Types: []string{"aws_security_group"}})
	want := []Drift{{Kind: Deleted, Type: "aws_security_group", ID: sgID, Address: "aws_security_group.web", Region: "us-east-1"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("deleted:\n got %s\nwant %s", js(got), js(want))
	}

	// A live resource in another region is another resource: the SG in
	// eu-west-1 is not the state's (us-east-1, from its ARN), and the one
	// in us-east-1 was not read, so nothing is reported for it.
	other := liveDriftRevert()[2]
	other.Region = "eu-west-1"
	if got := Compare(state, []Resource{other}, nil, nil, CompareOptions{}); len(got) != 0 {
		t.Errorf("other region: %s", js(got))
	}
	// ... and swept there, it is unmanaged.
	got = Compare(state, nil, nil, []Resource{other}, CompareOptions{})
	if len(got) != 1 || got[0].Kind != Unmanaged || got[0].Region != "eu-west-1" {
		t.Errorf("other region sweep: %s", js(got))
	}
}

// Values equal after the provider's normalisation are no drift.
func TestCompareNoNoise(t *testing.T) {
	state := readState(t)
	live := []Resource{
		{Ref: Ref{Type: "aws_s3_bucket", ID: "fx-s9-data"}, Attrs: map[string]any{
			"tags":       map[string]string{"owner": "platform", "env": "prod"},
			"policy":     nil, // state has "", an API has no policy
			"versioning": []any{map[string]any{"enabled": "true"}},
		}},
		{Ref: Ref{Type: "aws_security_group", ID: sgID}, Attrs: map[string]any{
			"ingress": []any{map[string]any{"cidr_blocks": []string{"10.1.2.3/8"}, "from_port": int32(443), "to_port": 443.0, "protocol": "tcp"}},
			"egress":  []any{map[string]any{"cidr_blocks": []any{"0.0.0.0/0"}, "from_port": 0, "to_port": 0, "protocol": "-1", "self": "false"}},
		}},
		// an attribute the state does not have is not compared
		{Ref: Ref{Type: "aws_s3_bucket_versioning", ID: "fx-s9-data"}, Attrs: map[string]any{"not_in_schema": "x"}},
	}
	if got := Compare(state, live, nil, nil, CompareOptions{}); len(got) != 0 {
		t.Errorf("noise reported as drift: %s", js(got))
	}
}

func TestCompareFilters(t *testing.T) {
	state := readState(t)
	ig, err := ParseIgnore(strings.NewReader("aws_s3_bucket.fx-s9-data.tags.env\naws_security_group.*\n"), ".driftfixignore")
	if err != nil {
		t.Fatal(err)
	}
	got := Compare(state, liveDriftRevert(), nil, swept(), CompareOptions{Ignore: ig})
	var summary []string
	for _, d := range got {
		for _, c := range d.Changes {
			summary = append(summary, d.Address+" "+c.Path)
		}
		if len(d.Changes) == 0 {
			summary = append(summary, string(d.Kind)+" "+d.ID)
		}
	}
	want := []string{
		`aws_s3_bucket.data tags["added-out-of-band"]`,
		"aws_s3_bucket.data tags.owner",
		"aws_s3_bucket_versioning.data versioning_configuration[0].status",
		"unmanaged stray-bucket",
	}
	if !reflect.DeepEqual(summary, want) {
		t.Errorf("ignore:\n got %q\nwant %q", summary, want)
	}

	// tag filters match state or live tags; the versioning resource has none
	f, _ := ParseTagFilter("env=prod")
	got = Compare(state, liveDriftRevert(), nil, swept(), CompareOptions{Tags: []TagFilter{f}})
	if len(got) != 2 || got[0].Address != "aws_s3_bucket.data" || got[1].ID != "stray-bucket" {
		t.Errorf("tag filter env=prod: %s", js(got))
	}
	f, _ = ParseTagFilter("Name")
	got = Compare(state, liveDriftRevert(), nil, swept(), CompareOptions{Tags: []TagFilter{f}})
	if len(got) != 1 || got[0].Address != "aws_security_group.web" {
		t.Errorf("tag filter Name: %s", js(got))
	}
	got = Compare(state, liveDriftRevert(), nil, swept(), CompareOptions{Types: []string{"aws_s3_bucket_versioning", "aws_security_group"}})
	if len(got) != 3 || got[0].Type != "aws_s3_bucket_versioning" || got[2].ID != "sg-stray" {
		t.Errorf("type filter: %s", js(got))
	}
}

func TestParseTagFilter(t *testing.T) {
	for in, want := range map[string]TagFilter{
		"env=prod": {Key: "env", Value: "prod"},
		"env=":     {Key: "env", Value: ""},
		"env":      {Key: "env", AnyValue: true},
		"a=b=c":    {Key: "a", Value: "b=c"},
	} {
		got, err := ParseTagFilter(in)
		if err != nil || got != want {
			t.Errorf("ParseTagFilter(%q) = %+v, %v", in, got, err)
		}
		if got.String() != in {
			t.Errorf("String() = %q, want %q", got.String(), in)
		}
	}
	if _, err := ParseTagFilter("=x"); err == nil {
		t.Error("empty key accepted")
	}
}

func TestCompareSensitive(t *testing.T) {
	state := []tfstate.Resource{{
		Address: "aws_ssm_parameter.p", Type: "aws_ssm_parameter", Name: "p", ID: "/app/db",
		Values:          map[string]any{"value": "old-secret", "tier": "Standard"},
		SensitiveValues: map[string]any{"value": true},
	}}
	live := []Resource{{Ref: Ref{Type: "aws_ssm_parameter", ID: "/app/db"}, Attrs: map[string]any{"value": "new-secret", "tier": "Advanced"}}}
	got := Compare(state, live, nil, nil, CompareOptions{})
	if len(got) != 1 || len(got[0].Changes) != 2 {
		t.Fatalf("got %s", js(got))
	}
	tier, value := got[0].Changes[0], got[0].Changes[1]
	if tier.Sensitive || tier.Actual != "Advanced" {
		t.Errorf("tier: %+v", tier)
	}
	if !value.Sensitive || value.Expected != Redacted || value.Actual != Redacted {
		t.Errorf("value not redacted: %+v", value)
	}
	if out := js(got); strings.Contains(out, "secret\"") || strings.Contains(out, "old-secret") {
		t.Errorf("secret in JSON: %s", out)
	}
}

// The output does not depend on the order of the inputs or of API lists.
func TestCompareDeterministic(t *testing.T) {
	state := readState(t)
	want := js(Compare(state, liveDriftRevert(), nil, swept(), CompareOptions{}))
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20; i++ {
		st := append([]tfstate.Resource(nil), state...)
		live := liveDriftRevert()
		sw := swept()
		rng.Shuffle(len(st), func(a, b int) { st[a], st[b] = st[b], st[a] })
		rng.Shuffle(len(live), func(a, b int) { live[a], live[b] = live[b], live[a] })
		rng.Shuffle(len(sw), func(a, b int) { sw[a], sw[b] = sw[b], sw[a] })
		ing := live[indexOf(live, "aws_security_group")].Attrs["ingress"].([]any)
		rng.Shuffle(len(ing), func(a, b int) { ing[a], ing[b] = ing[b], ing[a] })
		if got := js(Compare(st, live, nil, sw, CompareOptions{})); got != want {
			t.Fatalf("shuffle %d changed the output:\n got %s\nwant %s", i, got, want)
		}
	}
}

func indexOf(rs []Resource, typ string) int {
	for i, r := range rs {
		if r.Type == typ {
			return i
		}
	}
	return -1
}

func TestDiffPaths(t *testing.T) {
	tests := []struct {
		name             string
		expected, actual any
		want             []Change
	}{
		{"one SG rule's CIDR changed", []any{sgRule(22, "10.0.0.0/8", "ssh")}, []any{sgRule(22, "0.0.0.0/0", "ssh")},
			[]Change{{Path: "ingress[0].cidr_blocks[0]", Expected: "10.0.0.0/8", Actual: "0.0.0.0/0"}}},
		{"a rule removed", []any{sgRule(22, "10.0.0.0/8", ""), sgRule(443, "10.0.0.0/8", "")}, []any{sgRule(443, "10.0.0.0/8", "")},
			[]Change{{Path: "ingress[0]", Expected: plain(sgRule(22, "10.0.0.0/8", "")), Actual: nil}}},
		{"two rules replaced by one", []any{sgRule(22, "10.0.0.0/8", ""), sgRule(80, "10.0.0.0/8", "")}, []any{sgRule(443, "10.0.0.0/8", "")},
			[]Change{
				{Path: "ingress[0]", Expected: plain(sgRule(22, "10.0.0.0/8", "")), Actual: nil},
				{Path: "ingress[0]", Expected: nil, Actual: plain(sgRule(443, "10.0.0.0/8", ""))},
				{Path: "ingress[1]", Expected: plain(sgRule(80, "10.0.0.0/8", "")), Actual: nil},
			}},
	}
	notSensitive := func(attrpath.Path) bool { return false }
	for _, tt := range tests {
		got := diffAttrs(map[string]any{"ingress": plain(tt.expected)}, map[string]any{"ingress": plain(tt.actual)}, notSensitive)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, js(got), js(tt.want))
		}
	}
	// an ordered block list that grew and shrank
	got := diffAttrs(map[string]any{"versioning_configuration": nil}, map[string]any{"versioning_configuration": []any{map[string]any{"status": "Enabled"}}}, notSensitive)
	if len(got) != 1 || got[0].Path != "versioning_configuration[0]" || got[0].Expected != nil {
		t.Errorf("block added: %s", js(got))
	}
}

func TestMergeTerraformDrift(t *testing.T) {
	state := readState(t)
	d := Compare(state, liveDriftRevert(), nil, swept(), CompareOptions{})
	for _, name := range []string{"refresh-only.plan.json", "plan.json"} {
		got := MergeTerraformDrift(d, readPlan(t, name))
		var added []string
		for _, x := range got {
			for _, c := range x.Changes {
				added = append(added, x.Address+" "+c.Path)
			}
		}
		// the inventory saw the tags, the versioning status and the SG rule;
		// terraform adds tags_all and the deprecated bucket versioning block.
		want := []string{
			`aws_s3_bucket.data tags["added-out-of-band"]`,
			"aws_s3_bucket.data tags.env",
			"aws_s3_bucket.data tags.owner",
			`aws_s3_bucket.data tags_all["added-out-of-band"]`,
			"aws_s3_bucket.data tags_all.env",
			"aws_s3_bucket.data tags_all.owner",
			"aws_s3_bucket.data versioning[0].enabled",
			"aws_s3_bucket_versioning.data versioning_configuration[0].status",
			"aws_security_group.web ingress[0]",
		}
		if !reflect.DeepEqual(added, want) {
			t.Errorf("%s merged:\n got %q\nwant %q", name, added, want)
		}
		if len(got) != 5 || got[3].Kind != Unmanaged {
			t.Errorf("%s: drift list %s", name, js(got))
		}
		if len(d[0].Changes) != 3 {
			t.Errorf("MergeTerraformDrift modified its input")
		}
	}

	// Without an inventory, terraform's drift alone.
	got := MergeTerraformDrift(nil, readPlan(t, "refresh-only.plan.json"))
	want := []Drift{
		{Kind: Changed, Type: "aws_s3_bucket", ID: "fx-s9-data", Address: "aws_s3_bucket.data", Changes: []Change{
			{Path: `tags["added-out-of-band"]`, Expected: nil, Actual: "yes"},
			{Path: "tags.env", Expected: "prod", Actual: "prod-DRIFTED"},
			{Path: "tags.owner", Expected: "platform", Actual: nil},
			{Path: `tags_all["added-out-of-band"]`, Expected: nil, Actual: "yes"},
			{Path: "tags_all.env", Expected: "prod", Actual: "prod-DRIFTED"},
			{Path: "tags_all.owner", Expected: "platform", Actual: nil},
			{Path: "versioning[0].enabled", Expected: true, Actual: false},
		}},
		{Kind: Changed, Type: "aws_s3_bucket_versioning", ID: "fx-s9-data", Address: "aws_s3_bucket_versioning.data", Changes: []Change{
			{Path: "versioning_configuration[0].status", Expected: "Enabled", Actual: "Suspended"},
		}},
		{Kind: Changed, Type: "aws_security_group", ID: sgID, Address: "aws_security_group.web", Region: "us-east-1", Changes: []Change{
			{Path: "ingress[0]", Expected: nil, Actual: plain(sgRule(22, "0.0.0.0/0", ""))},
		}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("terraform only:\n got %s\nwant %s", js(got), js(want))
	}

	// Filters apply to what terraform adds.
	ig, _ := ParseIgnore(strings.NewReader("*.*.tags_all\naws_security_group.*\n"), "x")
	got = MergeTerraformDrift(nil, readPlan(t, "refresh-only.plan.json"), CompareOptions{Ignore: ig, Types: []string{"aws_s3_bucket", "aws_security_group"}})
	if len(got) != 1 || len(got[0].Changes) != 4 {
		t.Errorf("filtered merge: %s", js(got))
	}

	// A resource deleted outside terraform.
	p := &tfjson.Plan{ResourceDrift: []*tfjson.ResourceChange{{
		Address: "aws_s3_bucket.gone", Mode: tfjson.ManagedResourceMode, Type: "aws_s3_bucket", Name: "gone",
		Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionDelete}, Before: map[string]any{"id": "gone-bucket", "arn": "arn:aws:s3:::gone-bucket"}},
	}}}
	got = MergeTerraformDrift(nil, p)
	if len(got) != 1 || got[0].Kind != Deleted || got[0].ID != "gone-bucket" || got[0].Address != "aws_s3_bucket.gone" {
		t.Errorf("deleted: %s", js(got))
	}
	if got := MergeTerraformDrift(got, p); len(got) != 1 {
		t.Errorf("deleted twice: %s", js(got))
	}
	if got := MergeTerraformDrift(d, nil); !reflect.DeepEqual(got, d) {
		t.Error("nil plan changed the drift")
	}
}

func TestDriftJSON(t *testing.T) {
	d := []Drift{
		{Kind: Changed, Type: "aws_s3_bucket", ID: "b", Address: "aws_s3_bucket.b", Region: "us-east-1", Changes: []Change{{Path: "tags.env", Expected: "a", Actual: "b", Sensitive: false, Class: "tags", Remediation: Codify}}},
		{Kind: Unmanaged, Type: "aws_s3_bucket", ID: "c", Changes: []Change{}, Class: "unknown", Remediation: Import},
	}
	// the shape of `driftfix drift --format json`'s items
	want := `[{"kind":"changed","type":"aws_s3_bucket","id":"b","address":"aws_s3_bucket.b","region":"us-east-1","changes":[{"path":"tags.env","expected":"a","actual":"b","class":"tags","remediation":"codify"}]},{"kind":"unmanaged","type":"aws_s3_bucket","id":"c","address":"","region":"","changes":[],"class":"unknown","remediation":"import"}]`
	if got := js(d); got != want {
		t.Errorf("JSON:\n got %s\nwant %s", got, want)
	}
}

func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// A change under a value marked sensitive as a whole is reported at that
// value's path, once, redacted: the keys of a sensitive map are never
// printed — from state marks (Compare) and from a refresh-only plan's
// masks (MergeTerraformDrift) alike.
func TestDriftSensitiveKeys(t *testing.T) {
	state := []tfstate.Resource{{
		Address: "aws_s3_bucket.b", Type: "aws_s3_bucket", Name: "b", ID: "b",
		Values:          map[string]any{"tags": map[string]any{"Qz": "1", "env": "a"}, "bucket": "b"},
		SensitiveValues: map[string]any{"tags": true},
	}}
	live := []Resource{{Ref: Ref{Type: "aws_s3_bucket", ID: "b"}, Attrs: map[string]any{"tags": map[string]any{"Jx": "2", "env": "b"}, "bucket": "b"}}}
	plan := &tfjson.Plan{ResourceDrift: []*tfjson.ResourceChange{{
		Address: "aws_s3_bucket.c", Type: "aws_s3_bucket", Name: "c", Mode: tfjson.ManagedResourceMode,
		Change: &tfjson.Change{
			Actions:         tfjson.Actions{tfjson.ActionUpdate},
			Before:          map[string]any{"id": "c", "tags": map[string]any{"Qz": "1"}},
			After:           map[string]any{"id": "c", "tags": map[string]any{"Jx": "1"}},
			BeforeSensitive: map[string]any{"tags": true}, AfterSensitive: map[string]any{"tags": true},
		},
	}}}
	tests := []struct {
		name string
		got  []Drift
	}{
		{"state marks", Compare(state, live, nil, nil, CompareOptions{})},
		{"refresh-only plan masks", MergeTerraformDrift(nil, plan)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.got) != 1 || len(tt.got[0].Changes) != 1 {
				t.Fatalf("want one change, got %s", js(tt.got))
			}
			c := tt.got[0].Changes[0]
			if c.Path != "tags" || !c.Sensitive || c.Expected != Redacted || c.Actual != Redacted {
				t.Errorf("change = %+v", c)
			}
			if out := js(tt.got); strings.Contains(out, "Qz") || strings.Contains(out, "Jx") {
				t.Errorf("a sensitive key is printed: %s", out)
			}
		})
	}
}
