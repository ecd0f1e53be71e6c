package fixers

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/internal/testenv"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// declaredAddresses parses every .tf file on its own (not through the
// loader, whose duplicate check is what is under test elsewhere) and
// returns how often each resource address is declared.
func declaredAddresses(t *testing.T, files map[string][]byte) map[string]int {
	t.Helper()
	out := map[string]int{}
	for p, src := range files {
		f, diags := hclsyntax.ParseConfig(src, p, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s does not parse: %s", p, diags.Error())
		}
		for _, b := range f.Body.(*hclsyntax.Body).Blocks {
			if b.Type == "resource" && len(b.Labels) == 2 {
				out[b.Labels[0]+"."+b.Labels[1]]++
			}
		}
	}
	return out
}

// A module whose companions exist only under a count or for_each that the
// defaults make 0 or empty (as terraform-aws-modules' S3 bucket module
// declares them): each counts as present. The finding says where it is and
// why it is absent, and fix never adds a second one.
func TestConditionalCompanions(t *testing.T) {
	ctx := context.Background()
	dir := "testdata/conditional-companions"
	fsys := os.DirFS(dir)
	m := iac.Load(ctx, fsys, ".")
	if m.Diagnostics.HasErrors() {
		t.Fatal(m.Diagnostics.Error())
	}
	in := Input{Module: m}
	// The customer-managed-key rule never fixes (it has nothing to add)
	// and reports the buckets whatever their companions; it is not what
	// this test is about.
	rules := slices.DeleteFunc(All(), func(r Rule) bool { return r.ID == "aws-s3-encryption-cmk" })
	res := Check(ctx, rules, &in, time.Now())
	type row struct {
		Rule, Address string
		Fixable       bool
		Message       string
	}
	var got []row
	for _, f := range res.Findings {
		got = append(got, row{f.Rule, f.Address, f.Fixable, f.Message})
	}
	want := []row{
		{"aws-s3-encryption", "aws_s3_bucket.this[0]", false, "server-side encryption is configured by aws_s3_bucket_server_side_encryption_configuration.this (main.tf:21) only when it is created, and with the current inputs its for_each is empty"},
		{"aws-s3-versioning", "aws_s3_bucket.this[0]", false, "versioning is configured by aws_s3_bucket_versioning.this (main.tf:11) only when it is created, and with the current inputs its count is 0"},
		{"aws-s3-encryption", "aws_s3_bucket.extra", true, "bucket has no server-side encryption configuration"},
		{"aws-s3-public-access-block", "aws_s3_bucket.extra", true, "bucket has no public access block, so none of block_public_acls (AVD-AWS-0086, CKV_AWS_53), block_public_policy (AVD-AWS-0087, CKV_AWS_54), ignore_public_acls (AVD-AWS-0091, CKV_AWS_55), restrict_public_buckets (AVD-AWS-0093, CKV_AWS_56) is written down"},
		{"aws-s3-versioning", "aws_s3_bucket.extra", true, "bucket has no versioning configuration"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n got  %+v\n want %+v", got, want)
	}
	for _, f := range res.Findings {
		if !f.Fixable && !strings.Contains(f.Reason, "would be a duplicate") {
			t.Errorf("%s %s: reason %q does not say why it is not fixed", f.Rule, f.Address, f.Reason)
		}
	}

	fr, err := Fix(ctx, fsys, ".", All(), Input{}, FixOptions{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for p, f := range m.Files {
		files[p] = f.Src
	}
	for p, data := range fr.Changes.Files() {
		files[p] = data
	}
	var twice []string
	for addr, n := range declaredAddresses(t, files) {
		if n > 1 {
			twice = append(twice, addr)
		}
	}
	if len(twice) > 0 {
		t.Errorf("after the fix, declared twice: %v\n%s", twice, fr.Changes.Diff())
	}
	var added []string
	before := declaredAddresses(t, map[string][]byte{"main.tf": m.Files["main.tf"].Src})
	for addr := range declaredAddresses(t, files) {
		if before[addr] == 0 {
			added = append(added, addr)
		}
	}
	sort.Strings(added)
	wantAdded := []string{
		"aws_s3_bucket_public_access_block.extra",
		"aws_s3_bucket_server_side_encryption_configuration.extra",
		"aws_s3_bucket_versioning.extra_2", // .extra is declared (count = 0)
	}
	if !reflect.DeepEqual(added, wantAdded) {
		t.Errorf("the fix added %v, want %v", added, wantAdded)
	}
	if fr.Module.Diagnostics.HasErrors() {
		t.Errorf("the fixed module does not load: %s", fr.Module.Diagnostics.Error())
	}
	terraformValidate(t, files)
}

// terraformValidate runs the real `terraform validate` over files. Without
// network the AWS provider cannot be installed, so Terraform checks the
// configuration itself — blocks, labels, references, duplicate addresses —
// and then stops at the missing provider: that must be the only error.
// (Attribute names and types, which need the provider's schema, are not
// checked here.)
func terraformValidate(t *testing.T, files map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	for p, data := range files {
		if err := os.WriteFile(filepath.Join(dir, p), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(testenv.Terraform(t), "validate", "-json", "-no-color")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+os.DevNull)
	out, _ := cmd.Output()
	var res struct {
		Diagnostics []struct{ Severity, Summary, Detail string }
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("terraform validate: %v\n%s", err, out)
	}
	missing := 0
	for _, d := range res.Diagnostics {
		if d.Summary == "Missing required provider" {
			missing++
			continue
		}
		t.Errorf("terraform validate: %s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
	if missing == 0 {
		t.Errorf("terraform validate did not get as far as the providers: %s", out)
	}
}

// The shapes a companion's condition takes; a count or for_each driftfix
// cannot evaluate counts as present (no finding).
func TestConditionalCompanionShapes(t *testing.T) {
	const bucket = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"acme-logs\"\n}\n"
	tests := []struct {
		name string
		src  string
		want string // the versioning finding's message; "" = none
		fix  bool
	}{
		{"count over a map variable with an empty default", `
variable "versioning" {
  default = {}
}
resource "aws_s3_bucket_versioning" "v" {
  count  = length(keys(var.versioning)) > 0 ? 1 : 0
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}`, "versioning is configured by aws_s3_bucket_versioning.v (main.tf:8) only when it is created, and with the current inputs its count is 0", false},
		{"for_each over a set variable with an empty default", `
variable "names" {
  type    = set(string)
  default = []
}
resource "aws_s3_bucket_versioning" "v" {
  for_each = var.names
  bucket   = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}`, "versioning is configured by aws_s3_bucket_versioning.v (main.tf:9) only when it is created, and with the current inputs its for_each is empty", false},
		{"count from try() on a missing key", `
variable "settings" {
  type    = any
  default = {}
}
resource "aws_s3_bucket_versioning" "v" {
  count  = try(var.settings.versioning, false) ? 1 : 0
  bucket = aws_s3_bucket.b.bucket
  versioning_configuration {
    status = "Enabled"
  }
}`, "versioning is configured by aws_s3_bucket_versioning.v (main.tf:9) only when it is created, and with the current inputs its count is 0", false},
		{"by literal name under count = 0", `
resource "aws_s3_bucket_versioning" "v" {
  count  = 0
  bucket = "acme-logs"
  versioning_configuration {
    status = "Enabled"
  }
}`, "versioning is configured by aws_s3_bucket_versioning.v (main.tf:5) only when it is created, and with the current inputs its count is 0", false},
		{"unknown count: present", `
variable "enabled" {
  type = bool
}
resource "aws_s3_bucket_versioning" "v" {
  count  = var.enabled ? 1 : 0
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}`, "", false},
		{"count = 0 for another bucket: fixable", `
resource "aws_s3_bucket_versioning" "v" {
  count  = 0
  bucket = "acme-other"
  versioning_configuration {
    status = "Enabled"
  }
}`, "bucket has no versioning configuration", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := loadS3(t, map[string]string{"main.tf": bucket + tt.src})
			got := s3Versioning.Check(&Input{Module: m})
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("findings %q, want none", got[0].Message)
			case tt.want != "" && (len(got) != 1 || got[0].Message != tt.want || got[0].Fixable != tt.fix):
				t.Errorf("findings %+v, want one, %q, fixable %v", got, tt.want, tt.fix)
			}
		})
	}
}

// After every pass the edited files must load as cleanly as the input: a
// fix that declares an address twice fails, naming the rule, and nothing is
// returned to write.
func TestFixNeverDeclaresTwice(t *testing.T) {
	fsys := fstest.MapFS{"main.tf": {Data: []byte("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n\nresource \"aws_s3_bucket_versioning\" \"b\" {\n  count  = 0\n  bucket = \"y\"\n}\n")}}
	meta := Meta{ID: "test-careless", Title: "adds a companion without looking", Severity: Low, Class: ClassVersioning}
	careless := Rule{Meta: meta, Check: func(in *Input) []Finding {
		var out []Finding
		for _, b := range resources(in.Module, "aws_s3_bucket") {
			if len(resources(in.Module, "aws_s3_bucket_versioning")) > 0 {
				continue
			}
			bucket := b
			out = append(out, meta.New(b, nil, "no versioning", func(ed *iac.Editor) error {
				return ed.AddBlockAfter(meta.ID, bucket.Block, iac.NewBlock{Type: "resource", Labels: []string{"aws_s3_bucket_versioning", "b"},
					Attrs: []iac.NewAttr{{Name: "bucket", Expr: "aws_s3_bucket.b.id"}}})
			}, ""))
		}
		return out
	}}
	_, err := Fix(context.Background(), fsys, ".", []Rule{careless}, Input{}, FixOptions{Now: time.Now()})
	if err == nil {
		t.Fatal("Fix succeeded; want an error for the duplicate address")
	}
	for _, want := range []string{"test-careless", "Duplicate resource \"aws_s3_bucket_versioning\" configuration", "main.tf:5,1", "nothing was written"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

// A local module outside the directory being fixed (source = "../…") is
// edited only when the caller says so.
func TestFixOutsideTheDirectory(t *testing.T) {
	fsys := fstest.MapFS{
		"live/main.tf":           {Data: []byte("module \"store\" {\n  source = \"../modules/store\"\n}\n")},
		"modules/store/main.tf":  {Data: []byte("resource \"aws_kms_key\" \"k\" {\n  description = \"k\"\n}\n")},
		"modules/store/other.tf": {Data: []byte("")},
	}
	rules := []Rule{kmsKeyRotation}
	ctx := context.Background()
	res, err := Fix(ctx, fsys, "live", rules, Input{}, FixOptions{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 0 || len(res.Remaining) != 1 {
		t.Fatalf("without --edit-outside: changes %v, remaining %d; want none and 1", res.Changes.Files(), len(res.Remaining))
	}
	f := res.Remaining[0]
	if f.Fixable || !strings.Contains(f.Reason, "outside the directory being fixed") || !strings.Contains(f.Reason, "--edit-outside") {
		t.Errorf("finding fixable %v, reason %q; want not fixable, saying why", f.Fixable, f.Reason)
	}
	res, err = Fix(ctx, fsys, "live", rules, Input{EditOutside: true}, FixOptions{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Changes.Files(); len(got) != 1 || !strings.Contains(string(got["../modules/store/main.tf"]), "enable_key_rotation = true") {
		t.Errorf("with EditOutside: changes %q, want ../modules/store/main.tf fixed", got)
	}
}
