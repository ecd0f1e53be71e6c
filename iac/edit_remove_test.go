package iac

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// topBlock returns the first top-level block of type typ in file p of m.
func topBlock(t *testing.T, m *Module, p, typ string) *Block {
	t.Helper()
	f := m.Files[p]
	for _, sb := range f.Syntax.Body.(*hclsyntax.Body).Blocks {
		if sb.Type == typ {
			return f.TopBlock(sb)
		}
	}
	t.Fatalf("%s has no %s block", p, typ)
	return nil
}

func TestRemoveAttr(t *testing.T) {
	tests := []struct {
		name, src string
		remove    []string
		want      string // "" = refused
	}{
		{"two credentials of a formatted provider: the rest is realigned",
			"provider \"aws\" {\n  region     = \"us-east-1\"\n  access_key = \"a\"\n  secret_key = \"b\" # prod\n}\n",
			[]string{"access_key", "secret_key"},
			"provider \"aws\" {\n  region = \"us-east-1\"\n}\n"},
		{"a comment above stays",
			"provider \"aws\" {\n  region = \"eu-west-1\"\n  # static keys\n  access_key = \"a\"\n}\n",
			[]string{"access_key"},
			"provider \"aws\" {\n  region = \"eu-west-1\"\n  # static keys\n}\n"},
		{"a blank line left before the closing brace goes",
			"provider \"aws\" {\n  region = \"eu-west-1\"\n\n  token = \"t\"\n}\n",
			[]string{"token"},
			"provider \"aws\" {\n  region = \"eu-west-1\"\n}\n"},
		{"a heredoc value",
			"variable \"key\" {\n  sensitive = true\n  default   = <<EOT\nline\nEOT\n}\n",
			[]string{"default"},
			"variable \"key\" {\n  sensitive = true\n}\n"},
		{"an attribute that shares its line is refused",
			"provider \"aws\" { access_key = \"a\" }\n",
			[]string{"access_key"},
			""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := loadSrc(t, "main.tf", tt.src)
			b := topBlock(t, m, "main.tf", strings.Fields(tt.src)[0])
			ed := NewEditor(m)
			for _, name := range tt.remove {
				err := ed.RemoveAttr("rule-a", b, name)
				if tt.want == "" {
					if err == nil || Removable(b, name) {
						t.Fatalf("removing %s was not refused", name)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			out, err := ed.Apply()
			if err != nil {
				t.Fatal(err)
			}
			if got := string(out["main.tf"]); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestReplaceRange(t *testing.T) {
	src := "resource \"aws_db_instance\" \"db\" {\n  password = \"hunter2-xyz\" # set by hand\n  url      = \"postgres://app:pw-1234@db\"\n}\n"
	m := loadSrc(t, "main.tf", src)
	r := m.Resources[0]
	pw := r.Block.Attrs["password"].Expr.Range()
	at := strings.Index(src, "pw-1234")
	part := hcl.Range{Filename: "main.tf", Start: hcl.Pos{Byte: at, Line: 3}, End: hcl.Pos{Byte: at + len("pw-1234"), Line: 3}}
	ed := NewEditor(m)
	if err := ed.ReplaceRange("rule-a", r.File, pw, "var.db_password"); err != nil {
		t.Fatal(err)
	}
	if err := ed.ReplaceRange("rule-a", r.File, part, "${var.url_password}"); err != nil {
		t.Fatal(err)
	}
	out, err := ed.Apply()
	if err != nil {
		t.Fatal(err)
	}
	want := "resource \"aws_db_instance\" \"db\" {\n  password = var.db_password # set by hand\n  url      = \"postgres://app:${var.url_password}@db\"\n}\n"
	if got := string(out["main.tf"]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// a replacement that does not parse is refused by Apply
	m = loadSrc(t, "main.tf", src)
	ed = NewEditor(m)
	if err := ed.ReplaceRange("rule-a", m.Files["main.tf"], pw, "var."); err != nil {
		t.Fatal(err)
	}
	if _, err := ed.Apply(); err == nil {
		t.Error("an edit that does not parse was applied")
	}
}

// Variable files: every *.tfvars of a module directory is loaded into
// Files; only the auto-loaded ones give values; removing a line keeps a
// formatted file formatted; one that does not parse and that Terraform does
// not load by itself is a warning, not an error.
func TestVarFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"main.tf":           {Data: []byte("variable \"region\" {}\nvariable \"db_password\" {}\n")},
		"terraform.tfvars":  {Data: []byte("region      = \"eu-west-1\"\ndb_password = \"s3cr3t-pw-9\"\n")},
		"prod.tfvars":       {Data: []byte("region = \"us-east-1\"\n")},
		"broken.tfvars":     {Data: []byte("region = \n")},
		"b.auto.tfvars":     {Data: []byte("extra = 1\n")},
		"notes.txt":         {Data: []byte("x")},
		"modules/x/main.tf": {Data: []byte("")},
	}
	m := Load(context.Background(), fsys, ".")
	if m.Diagnostics.HasErrors() {
		t.Fatalf("errors: %s", m.Diagnostics)
	}
	if len(m.Diagnostics) != 1 || !strings.Contains(m.Diagnostics[0].Detail, "broken.tfvars does not parse") {
		t.Errorf("diagnostics %s, want one warning about broken.tfvars", m.Diagnostics)
	}
	for _, p := range []string{"terraform.tfvars", "prod.tfvars", "b.auto.tfvars"} {
		if f := m.Files[p]; f == nil || !f.VarFile || f.Syntax == nil {
			t.Errorf("%s not loaded as a variable file: %+v", p, f)
		}
	}
	if v := m.Scopes[0].Variables["region"]; v.AsString() != "eu-west-1" {
		t.Errorf("region = %#v, want the terraform.tfvars value (prod.tfvars is not auto-loaded)", v)
	}
	ed := NewEditor(m)
	if err := ed.RemoveAttr("rule-a", m.Files["terraform.tfvars"].Body(), "db_password"); err != nil {
		t.Fatal(err)
	}
	out, err := ed.Apply()
	if err != nil {
		t.Fatal(err)
	}
	if got := string(out["terraform.tfvars"]); got != "region = \"eu-west-1\"\n" {
		t.Errorf("terraform.tfvars after the removal:\n%s", got)
	}
}
