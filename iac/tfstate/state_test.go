package tfstate

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/internal/testenv"
)

// load parses the state JSON at path.
func load(t *testing.T, path string) *State {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	return s
}

func TestParseDriftRevert(t *testing.T) {
	s := load(t, filepath.Join(testenv.PlanFixtures(), "drift-revert", "state.json"))
	if s.TerraformVersion != "1.5.7" {
		t.Errorf("TerraformVersion = %q", s.TerraformVersion)
	}
	type row struct{ Address, Type, Name, ID, Region string }
	var got []row
	for _, r := range s.Resources {
		got = append(got, row{r.Address, r.Type, r.Name, r.ID, r.Region})
	}
	want := []row{
		{"aws_s3_bucket.data", "aws_s3_bucket", "data", "fx-s9-data", ""}, // S3 ARNs carry no region
		{"aws_s3_bucket_versioning.data", "aws_s3_bucket_versioning", "data", "fx-s9-data", ""},
		{"aws_security_group.web", "aws_security_group", "web", "sg-1b4f9faf-ce3d-4e4", "us-east-1"}, // from the ARN
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("resources:\n got %+v\nwant %+v", got, want)
	}
	b, _ := byAddress(s, "aws_s3_bucket.data")
	if tags, _ := b.Values["tags"].(map[string]any); tags["env"] != "prod" || tags["owner"] != "platform" {
		t.Errorf("bucket tags = %v", b.Values["tags"])
	}
	if b.Index != nil || b.Module != "" || b.ConfigAddress() != "aws_s3_bucket.data" {
		t.Errorf("bucket index %v module %q config address %q", b.Index, b.Module, b.ConfigAddress())
	}
	if b.ProviderName != "registry.terraform.io/hashicorp/aws" {
		t.Errorf("provider %q", b.ProviderName)
	}
	if _, ok := b.SensitiveValues["tags"]; !ok || b.Sensitive("tags") || b.Sensitive("grant", 0, "permissions", 0) {
		t.Errorf("sensitive mask %v", b.SensitiveValues)
	}
	sg, _ := byAddress(s, "aws_security_group.web")
	ingress := sg.Values["ingress"].([]any)
	if len(ingress) != 1 || ingress[0].(map[string]any)["from_port"] != float64(443) {
		t.Errorf("ingress = %v", ingress)
	}

	// lookups by ID
	if got := addresses(s.ByID("aws_s3_bucket", "fx-s9-data")); !reflect.DeepEqual(got, []string{"aws_s3_bucket.data"}) {
		t.Errorf("ByID = %v", got)
	}
	if len(s.ByID("aws_s3_bucket_versioning", "fx-s9-data")) != 1 || len(s.ByID("aws_s3_bucket", "other")) != 0 || len(s.ByID("aws_instance", "fx-s9-data")) != 0 {
		t.Error("ByID is wrong")
	}
}

// byAddress returns the resource instance at a full address.
func byAddress(s *State, addr string) (Resource, bool) {
	for _, r := range s.Resources {
		if r.Address == addr {
			return r, true
		}
	}
	return Resource{}, false
}

func addresses(rs []Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Address)
	}
	return out
}

func TestParseCompanions(t *testing.T) {
	s := load(t, filepath.Join(testenv.PlanFixtures(), "s3-add-companions", "state.json"))
	if len(s.Resources) != 1 || s.Resources[0].ID != "fx-s1-logs" {
		t.Fatalf("resources = %+v", s.Resources)
	}
}

// The modules fixture is a real state of Terraform's built-in
// terraform_data resources: count, for_each, nested modules, a data source
// and a sensitive input.
func TestParseModules(t *testing.T) {
	s := load(t, filepath.Join("testdata", "modules", "state.json"))
	type row struct {
		Address, Module, Config string
		Index                   any
	}
	var got []row
	for _, r := range s.Resources {
		got = append(got, row{r.Address, r.Module, r.ConfigAddress(), r.Index})
	}
	want := []row{
		{"module.child.module.grand.terraform_data.deep", "module.child.module.grand.", "module.child.module.grand.terraform_data.deep", nil},
		{`module.child.terraform_data.inner["one"]`, "module.child.", "module.child.terraform_data.inner", "one"},
		{"terraform_data.counted[0]", "", "terraform_data.counted", 0},
		{"terraform_data.counted[1]", "", "terraform_data.counted", 1},
		{`terraform_data.keyed["a"]`, "", "terraform_data.keyed", "a"},
		{`terraform_data.keyed["b-c"]`, "", "terraform_data.keyed", "b-c"},
		{"terraform_data.secret", "", "terraform_data.secret", nil},
		{"terraform_data.single", "", "terraform_data.single", nil},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("resources (the data source must be left out):\n got %+v\nwant %+v", got, want)
	}
	for _, r := range s.Resources {
		if r.ID == "" {
			t.Errorf("%s has no ID", r.Address)
		}
		if got := addresses(s.ByID(r.Type, r.ID)); !reflect.DeepEqual(got, []string{r.Address}) {
			t.Errorf("ByID(%s) = %v", r.ID, got)
		}
	}
	sec, _ := byAddress(s, "terraform_data.secret")
	if !sec.Sensitive("input") || sec.Sensitive("output") {
		t.Errorf("secret sensitivity: input %v output %v (mask %v)", sec.Sensitive("input"), sec.Sensitive("output"), sec.SensitiveValues)
	}
	single, _ := byAddress(s, "terraform_data.single")
	if single.Sensitive("input", "tags") || single.Sensitive("input", "tags", "env") {
		t.Error("single: nothing is sensitive")
	}
}

func TestParseEmptyAndErrors(t *testing.T) {
	s, err := Parse([]byte(`{"format_version":"1.0"}`))
	if err != nil || len(s.Resources) != 0 {
		t.Fatalf("empty state: %v, %v", s, err)
	}
	if _, ok := byAddress(s, "x.y"); ok || len(s.ByID("x", "y")) != 0 {
		t.Error("empty state finds things")
	}
	for _, bad := range []string{`{`, `{"format_version":"9.0"}`, `{}`, `[]`} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%s) did not fail", bad)
		} else if !strings.Contains(err.Error(), "terraform state") {
			t.Errorf("Parse(%s) error %q does not say what failed", bad, err)
		}
	}
}

func TestRegionOf(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:ec2:us-east-1:000000000000:security-group/sg-1": "us-east-1",
		"arn:aws:s3:::bucket":                     "",
		"arn:aws:iam::123456789012:role/x":        "",
		"arn:aws-cn:kms:cn-north-1:1:key/abc:def": "cn-north-1",
		"not-an-arn": "",
	} {
		if got := arnRegion(in); got != want {
			t.Errorf("arnRegion(%q) = %q, want %q", in, got, want)
		}
	}
	if got := RegionOf(map[string]any{"region": "eu-west-1", "arn": "arn:aws:ec2:us-east-1:0:x"}); got != "eu-west-1" {
		t.Errorf("region attribute must win: %q", got)
	}
}
