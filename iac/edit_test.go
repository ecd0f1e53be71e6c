package iac

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/driftfix/driftfix/internal/testenv"
)

// editOp is one editor call in a table test. Target names a block: a
// resource address, then nested block types separated by "/", as in
// "aws_s3_bucket.b/versioning".
type editOp struct {
	kind   string // set, add, after
	owner  string
	target string
	name   string // set: attribute name
	expr   string // set: expression
	block  NewBlock
}

func set(target, name, expr string) editOp {
	return editOp{kind: "set", owner: "rule-a", target: target, name: name, expr: expr}
}

func addBlock(target string, nb NewBlock) editOp {
	return editOp{kind: "add", owner: "rule-a", target: target, block: nb}
}

func after(target string, nb NewBlock) editOp {
	return editOp{kind: "after", owner: "rule-a", target: target, block: nb}
}

func (op editOp) by(owner string) editOp { op.owner = owner; return op }

// targetBlock resolves an editOp target in m.
func targetBlock(t testing.TB, m *Module, target string) *Block {
	t.Helper()
	parts := strings.Split(target, "/")
	b := resource(t, m, parts[0]).Block
	for _, typ := range parts[1:] {
		if b = b.First(typ); b == nil {
			t.Fatalf("%s: no %s block", target, typ)
		}
	}
	return b
}

func (op editOp) apply(t testing.TB, ed *Editor, m *Module) error {
	b := targetBlock(t, m, op.target)
	switch op.kind {
	case "set":
		return ed.SetAttr(op.owner, b, op.name, op.expr)
	case "add":
		return ed.AddBlock(op.owner, b, op.block)
	case "after":
		return ed.AddBlockAfter(op.owner, b, op.block)
	}
	t.Fatalf("unknown op %q", op.kind)
	return nil
}

// loadSrc loads one file as a module.
func loadSrc(t testing.TB, name, src string) *Module {
	t.Helper()
	m := Load(context.Background(), fstest.MapFS{name: {Data: []byte(src)}}, ".")
	if len(m.Diagnostics) > 0 {
		t.Fatalf("load %s: %s", name, m.Diagnostics)
	}
	return m
}

var versioningBlock = NewBlock{Type: "versioning", Attrs: []NewAttr{{Name: "enabled", Expr: "true"}}}

var companion = NewBlock{
	Type:   "resource",
	Labels: []string{"aws_s3_bucket_versioning", "b"},
	Attrs:  []NewAttr{{Name: "bucket", Expr: "aws_s3_bucket.b.id"}},
	Blocks: []NewBlock{{Type: "versioning_configuration", Attrs: []NewAttr{{Name: "status", Expr: `"Enabled"`}}}},
}

var editTests = []struct {
	name string
	src  string
	ops  []editOp
	want string
}{
	{
		name: "replace keeps the trailing comment",
		src: `resource "aws_s3_bucket" "b" {
  bucket = "logs"
  acl    = "public-read" # the CDN reads it
}
`,
		ops: []editOp{set("aws_s3_bucket.b", "acl", `"private"`)},
		want: `resource "aws_s3_bucket" "b" {
  bucket = "logs"
  acl    = "private" # the CDN reads it
}
`,
	},
	{
		name: "replace a multi-line value with a one-line value",
		src: `resource "aws_s3_bucket" "b" {
  tags = {
    a = 1
  }
  bucket = "x"
}
`,
		ops: []editOp{set("aws_s3_bucket.b", "tags", `{}`)},
		want: `resource "aws_s3_bucket" "b" {
  tags   = {}
  bucket = "x"
}
`,
	},
	{
		name: "insert into a multi-line block after the last attribute, before nested blocks",
		src: `resource "aws_s3_bucket" "b" {
  bucket = "logs" # name

  versioning {
    enabled = true
  }
}
`,
		ops: []editOp{set("aws_s3_bucket.b", "force_destroy", "false")},
		want: `resource "aws_s3_bucket" "b" {
  bucket        = "logs" # name
  force_destroy = false

  versioning {
    enabled = true
  }
}
`,
	},
	{
		name: "insert into an empty one-line block",
		src: `resource "aws_s3_bucket" "b" {}
`,
		ops: []editOp{set("aws_s3_bucket.b", "bucket", `"logs"`)},
		want: `resource "aws_s3_bucket" "b" {
  bucket = "logs"
}
`,
	},
	{
		name: "insert into a one-line block with an attribute",
		src: `resource "aws_s3_bucket" "b" {
  versioning { enabled = false }
}
`,
		ops: []editOp{set("aws_s3_bucket.b/versioning", "mfa_delete", "false")},
		want: `resource "aws_s3_bucket" "b" {
  versioning {
    enabled    = false
    mfa_delete = false
  }
}
`,
	},
	{
		name: "several items added to one empty block",
		src: `resource "aws_s3_bucket" "b" {}
`,
		ops: []editOp{
			addBlock("aws_s3_bucket.b", versioningBlock).by("rule-b"),
			set("aws_s3_bucket.b", "bucket", `"logs"`),
			set("aws_s3_bucket.b", "acl", `"private"`).by("rule-c"),
		},
		want: `resource "aws_s3_bucket" "b" {
  bucket = "logs"
  acl    = "private"

  versioning {
    enabled = true
  }
}
`,
	},
	{
		name: "nested block goes last, after a blank line",
		src: `resource "aws_s3_bucket" "b" {
  bucket = "logs"
}
`,
		ops: []editOp{addBlock("aws_s3_bucket.b", NewBlock{Type: "server_side_encryption_configuration", Blocks: []NewBlock{{
			Type: "rule", Blocks: []NewBlock{{Type: "apply_server_side_encryption_by_default", Attrs: []NewAttr{{Name: "sse_algorithm", Expr: `"aws:kms"`}}}},
		}}})},
		want: `resource "aws_s3_bucket" "b" {
  bucket = "logs"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms"
      }
    }
  }
}
`,
	},
	{
		name: "nested block into an empty multi-line block has no blank line",
		src: `resource "aws_s3_bucket" "b" {
}
`,
		ops: []editOp{addBlock("aws_s3_bucket.b", versioningBlock)},
		want: `resource "aws_s3_bucket" "b" {
  versioning {
    enabled = true
  }
}
`,
	},
	{
		name: "attribute and block into an empty multi-line block",
		src: `resource "aws_s3_bucket" "b" {
}
`,
		ops: []editOp{addBlock("aws_s3_bucket.b", versioningBlock), set("aws_s3_bucket.b", "bucket", `"x"`)},
		want: `resource "aws_s3_bucket" "b" {
  bucket = "x"
  versioning {
    enabled = true
  }
}
`,
	},
	{
		name: "block after a block at EOF with a final newline",
		src: `resource "aws_s3_bucket" "b" {
  bucket = "logs"
}
`,
		ops: []editOp{after("aws_s3_bucket.b", companion)},
		want: `resource "aws_s3_bucket" "b" {
  bucket = "logs"
}

resource "aws_s3_bucket_versioning" "b" {
  bucket = aws_s3_bucket.b.id

  versioning_configuration {
    status = "Enabled"
  }
}
`,
	},
	{
		name: "blocks after a block at EOF without a final newline",
		src:  "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"logs\"\n}",
		ops: []editOp{
			after("aws_s3_bucket.b", companion),
			after("aws_s3_bucket.b", NewBlock{Type: "resource", Labels: []string{"aws_s3_bucket_acl", "b"}, Attrs: []NewAttr{{Name: "bucket", Expr: "aws_s3_bucket.b.id"}}}).by("rule-b"),
		},
		want: `resource "aws_s3_bucket" "b" {
  bucket = "logs"
}

resource "aws_s3_bucket_versioning" "b" {
  bucket = aws_s3_bucket.b.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_acl" "b" {
  bucket = aws_s3_bucket.b.id
}
`,
	},
	{
		name: "block after a block in the middle of a file",
		src: `resource "aws_s3_bucket" "b" {
  bucket = "logs"
} # end of b

# the next one
resource "aws_s3_bucket" "c" {}
`,
		ops: []editOp{after("aws_s3_bucket.b", NewBlock{Type: "resource", Labels: []string{"aws_s3_bucket_acl", "b"}, Attrs: []NewAttr{{Name: "bucket", Expr: "aws_s3_bucket.b.id"}}})},
		want: `resource "aws_s3_bucket" "b" {
  bucket = "logs"
} # end of b

resource "aws_s3_bucket_acl" "b" {
  bucket = aws_s3_bucket.b.id
}

# the next one
resource "aws_s3_bucket" "c" {}
`,
	},
	{
		name: "4-space non-canonical file keeps its layout",
		src: `resource "aws_s3_bucket" "b" {
    bucket = "logs"
    acl = "private"   # hand-aligned

    tags = {
        Team = "x"
    }
}
`,
		ops: []editOp{
			set("aws_s3_bucket.b", "force_destroy", `false`),
			addBlock("aws_s3_bucket.b", NewBlock{Type: "logging", Attrs: []NewAttr{{Name: "target_bucket", Expr: `"logs"`}, {Name: "target_prefix", Expr: `"b/"`}},
				Blocks: []NewBlock{{Type: "inner", Attrs: []NewAttr{{Name: "x", Expr: "1"}}}}}),
			set("aws_s3_bucket.b", "tags", `{Team="x",Env="prod"}`),
		},
		want: `resource "aws_s3_bucket" "b" {
    bucket = "logs"
    acl = "private"   # hand-aligned

    tags = { Team = "x", Env = "prod" }
    force_destroy = false

    logging {
        target_bucket = "logs"
        target_prefix = "b/"

        inner {
            x = 1
        }
    }
}
`,
	},
	{
		name: "tab-indented file keeps its tabs",
		src:  "resource \"aws_s3_bucket\" \"b\" {\n\tbucket = \"logs\"\n\tversioning {\n\t\tenabled = false\n\t}\n}\n",
		ops: []editOp{
			set("aws_s3_bucket.b/versioning", "mfa_delete", "false"),
			addBlock("aws_s3_bucket.b", NewBlock{Type: "logging", Attrs: []NewAttr{{Name: "target_bucket", Expr: `"logs"`}}}),
			after("aws_s3_bucket.b", companion),
		},
		want: "resource \"aws_s3_bucket\" \"b\" {\n\tbucket = \"logs\"\n\tversioning {\n\t\tenabled = false\n\t\tmfa_delete = false\n\t}\n\n\tlogging {\n\t\ttarget_bucket = \"logs\"\n\t}\n}\n\n" +
			"resource \"aws_s3_bucket_versioning\" \"b\" {\n\tbucket = aws_s3_bucket.b.id\n\n\tversioning_configuration {\n\t\tstatus = \"Enabled\"\n\t}\n}\n",
	},
	{
		name: "multi-line value in a 4-space file",
		src: `resource "aws_s3_bucket" "b" {
    bucket  =  "logs"
    policy = null
}
`,
		ops: []editOp{set("aws_s3_bucket.b", "policy", "jsonencode({\nVersion = \"2012-10-17\"\n})")},
		want: `resource "aws_s3_bucket" "b" {
    bucket  =  "logs"
    policy = jsonencode({
        Version = "2012-10-17"
    })
}
`,
	},
	{
		name: "CRLF file gets CRLF lines",
		src:  "resource \"aws_s3_bucket\" \"b\" {\r\n  bucket = \"logs\"\r\n  versioning { enabled = false }\r\n}\r\n",
		ops: []editOp{
			set("aws_s3_bucket.b", "acl", `"private"`),
			set("aws_s3_bucket.b/versioning", "mfa_delete", "false"),
			addBlock("aws_s3_bucket.b", NewBlock{Type: "logging", Attrs: []NewAttr{{Name: "target_bucket", Expr: `"logs"`}}}),
			after("aws_s3_bucket.b", NewBlock{Type: "resource", Labels: []string{"aws_s3_bucket_acl", "b"}, Attrs: []NewAttr{{Name: "bucket", Expr: "aws_s3_bucket.b.id"}}}),
		},
		want: "resource \"aws_s3_bucket\" \"b\" {\r\n  bucket = \"logs\"\r\n  acl    = \"private\"\r\n  versioning {\r\n    enabled    = false\r\n    mfa_delete = false\r\n  }\r\n\r\n" +
			"  logging {\r\n    target_bucket = \"logs\"\r\n  }\r\n}\r\n\r\nresource \"aws_s3_bucket_acl\" \"b\" {\r\n  bucket = aws_s3_bucket.b.id\r\n}\r\n",
	},
	{
		name: "CRLF non-canonical file",
		src:  "resource \"aws_s3_bucket\" \"b\" {\r\n    bucket = \"logs\"\r\n    acl   = \"x\"\r\n}",
		ops: []editOp{
			set("aws_s3_bucket.b", "force_destroy", "true"),
			after("aws_s3_bucket.b", NewBlock{Type: "resource", Labels: []string{"aws_s3_bucket_acl", "b"}, Attrs: []NewAttr{{Name: "bucket", Expr: "aws_s3_bucket.b.id"}}}),
		},
		want: "resource \"aws_s3_bucket\" \"b\" {\r\n    bucket = \"logs\"\r\n    acl   = \"x\"\r\n    force_destroy = true\r\n}\r\n\r\nresource \"aws_s3_bucket_acl\" \"b\" {\r\n    bucket = aws_s3_bucket.b.id\r\n}\r\n",
	},
	{
		name: "identical edits by two owners dedupe",
		src: `resource "aws_s3_bucket" "b" {
  acl = "public-read"
}
`,
		ops: []editOp{
			set("aws_s3_bucket.b", "acl", `"private"`),
			set("aws_s3_bucket.b", "acl", `"private"`).by("rule-b"),
			set("aws_s3_bucket.b", "bucket", `"x"`),
			set("aws_s3_bucket.b", "bucket", `"x"`).by("rule-b"),
			after("aws_s3_bucket.b", companion),
			after("aws_s3_bucket.b", companion).by("rule-b"),
		},
		want: `resource "aws_s3_bucket" "b" {
  acl    = "private"
  bucket = "x"
}

resource "aws_s3_bucket_versioning" "b" {
  bucket = aws_s3_bucket.b.id

  versioning_configuration {
    status = "Enabled"
  }
}
`,
	},
	{
		name: "insert after a heredoc attribute",
		src: `resource "aws_iam_policy" "p" {
  policy = <<EOF
{"Version": "2012-10-17"}
EOF
}
`,
		ops: []editOp{set("aws_iam_policy.p", "name", `"p"`)},
		want: `resource "aws_iam_policy" "p" {
  policy = <<EOF
{"Version": "2012-10-17"}
EOF
  name   = "p"
}
`,
	},
	{
		name: "new heredoc attribute in a 4-space file keeps its body",
		src: `resource "aws_iam_policy" "p" {
    name = "p"
}
`,
		ops: []editOp{set("aws_iam_policy.p", "policy", "<<EOT\n  {\"a\": 1}\nEOT")},
		want: `resource "aws_iam_policy" "p" {
    name = "p"
    policy = <<EOT
  {"a": 1}
EOT
}
`,
	},
	{
		name: "replace a heredoc value",
		src: `resource "aws_iam_policy" "p" {
  policy = <<EOF
{}
EOF
  name = "p"
}
`,
		ops: []editOp{set("aws_iam_policy.p", "policy", `jsonencode({})`)},
		// not canonical (terraform fmt aligns across a heredoc): the layout stays
		want: `resource "aws_iam_policy" "p" {
  policy = jsonencode({})
  name = "p"
}
`,
	},
	{
		name: "replace a value commented on its line with a heredoc",
		src: `resource "aws_iam_policy" "p" {
    policy = "{}" # empty
}
`,
		ops: []editOp{set("aws_iam_policy.p", "policy", "<<EOT\n  {}\nEOT")},
		want: `resource "aws_iam_policy" "p" {
    policy = <<EOT
  {}
EOT
     # empty
}
`,
	},
	{
		name: "replace a heredoc with a heredoc",
		src: `resource "aws_iam_policy" "p" {
  policy = <<EOF
{}
EOF
}
`,
		ops: []editOp{set("aws_iam_policy.p", "policy", "<<-EOT\n  {\"a\": 1}\nEOT")},
		want: `resource "aws_iam_policy" "p" {
  policy = <<-EOT
  {"a": 1}
EOT
}
`,
	},
	{
		name: "closing brace after a comment",
		src: `resource "aws_s3_bucket" "b" {
  bucket = "x"
  /* end */ }
`,
		ops: []editOp{addBlock("aws_s3_bucket.b", versioningBlock)},
		want: `resource "aws_s3_bucket" "b" {
  bucket = "x"
  /* end */
  versioning {
    enabled = true
  }
}
`,
	},
	{
		name: "nested module-style indentation inside an indented block",
		src: `resource "aws_security_group" "sg" {
  ingress {
    from_port = 443
  }
}
`,
		ops: []editOp{set("aws_security_group.sg/ingress", "cidr_blocks", `["10.0.0.0/8"]`)},
		want: `resource "aws_security_group" "sg" {
  ingress {
    from_port   = 443
    cidr_blocks = ["10.0.0.0/8"]
  }
}
`,
	},
}

func TestEditor(t *testing.T) {
	var canonical []string // outputs of canonical inputs, checked with terraform fmt below
	for _, tt := range editTests {
		t.Run(tt.name, func(t *testing.T) {
			m := loadSrc(t, "main.tf", tt.src)
			ed := NewEditor(m)
			for _, op := range tt.ops {
				if err := op.apply(t, ed, m); err != nil {
					t.Fatalf("%s %s: %v", op.kind, op.target, err)
				}
			}
			out, err := ed.Apply()
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			got := string(out["main.tf"])
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s\ngot  %q\nwant %q", got, tt.want, got, tt.want)
			}
			if IsCanonical([]byte(tt.src)) {
				if !IsCanonical(out["main.tf"]) {
					t.Errorf("canonical input, non-canonical output")
				}
				canonical = append(canonical, got)
			}
		})
	}
	t.Run("terraform fmt", func(t *testing.T) {
		tf := testenv.Terraform(t)
		dir := t.TempDir()
		for i, src := range canonical {
			if err := os.WriteFile(filepath.Join(dir, "f"+string(rune('a'+i))+".tf"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command(tf, "fmt", "-check", "-list=true", dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("terraform fmt -check: %v\n%s", err, out)
		}
	})
}

func TestEditorErrors(t *testing.T) {
	const src = `resource "aws_s3_bucket" "b" {
  acl = "public-read"

  dynamic "cors_rule" {
    for_each = var.rules
    content {
      allowed_methods = ["GET"]
    }
  }
}
`
	tests := []struct {
		name string
		ops  []editOp
		want func(error) bool
	}{
		{"invalid expression", []editOp{set("aws_s3_bucket.b", "acl", `"private`)}, errContains("invalid expression")},
		{"empty expression", []editOp{set("aws_s3_bucket.b", "acl", ` `)}, errContains("empty expression")},
		{"invalid attribute name", []editOp{set("aws_s3_bucket.b", "a b", `1`)}, errContains("invalid attribute name")},
		{"invalid expression in a new block", []editOp{addBlock("aws_s3_bucket.b", NewBlock{Type: "x", Attrs: []NewAttr{{Name: "a", Expr: "{"}}})}, errContains("invalid expression")},
		{"invalid block type", []editOp{addBlock("aws_s3_bucket.b", NewBlock{Type: "1x"})}, errContains("invalid block type")},
		{"dynamic block", []editOp{set("aws_s3_bucket.b/cors_rule", "max_age_seconds", "1")}, isErr(ErrDynamicBlock)},
		{"conflict", []editOp{
			set("aws_s3_bucket.b", "acl", `"private"`),
			set("aws_s3_bucket.b", "acl", `"log-delivery-write"`).by("rule-b"),
		}, isConflict("rule-b", "rule-a")},
		{"conflict on an inserted attribute", []editOp{
			set("aws_s3_bucket.b", "bucket", `"a"`),
			set("aws_s3_bucket.b", "bucket", `"b"`).by("rule-b"),
		}, isConflict("rule-b", "rule-a")},
		{"conflict on a new companion", []editOp{
			after("aws_s3_bucket.b", companion),
			after("aws_s3_bucket.b", NewBlock{Type: "resource", Labels: companion.Labels}).by("rule-b"),
		}, isConflict("rule-b", "rule-a")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := loadSrc(t, "main.tf", src)
			ed := NewEditor(m)
			var err error
			for _, op := range tt.ops {
				if err = op.apply(t, ed, m); err != nil {
					break
				}
			}
			if !tt.want(err) {
				t.Errorf("error = %v", err)
			}
		})
	}
}

func TestEditorConflictInOneLineBlock(t *testing.T) {
	m := loadSrc(t, "main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n")
	ed := NewEditor(m)
	b := targetBlock(t, m, "aws_s3_bucket.b")
	if err := ed.SetAttr("rule-a", b, "acl", `"private"`); err != nil {
		t.Fatal(err)
	}
	if err := ed.SetAttr("rule-b", b, "acl", `"private"`); err != nil {
		t.Errorf("the same item twice: %v", err)
	}
	err := ed.SetAttr("rule-b", b, "acl", `"public-read"`)
	if !isConflict("rule-b", "rule-a")(err) {
		t.Errorf("error = %v", err)
	}
}

func TestEditorJSON(t *testing.T) {
	m := Load(context.Background(), os.DirFS("testdata/load"), "json")
	r := resource(t, m, "aws_s3_bucket.b")
	ed := NewEditor(m)
	for name, err := range map[string]error{
		"SetAttr":       ed.SetAttr("r", r.Block, "acl", `"private"`),
		"SetAttr(nest)": ed.SetAttr("r", r.Block.First("versioning"), "enabled", "true"),
		"AddBlock":      ed.AddBlock("r", r.Block, versioningBlock),
		"AddBlockAfter": ed.AddBlockAfter("r", r.Block, companion),
	} {
		if !errors.Is(err, ErrJSONNotEditable) {
			t.Errorf("%s: error = %v, want ErrJSONNotEditable", name, err)
		}
	}
	if !ed.Empty() {
		t.Errorf("editor has edits")
	}
}

func TestEditorNoEdits(t *testing.T) {
	m := loadSrc(t, "main.tf", "resource \"a\" \"b\" {}\n")
	ed := NewEditor(m)
	out, err := ed.Apply()
	if err != nil || len(out) != 0 || !ed.Empty() {
		t.Errorf("Apply with no edits: %v, %v", out, err)
	}
}

func TestEditorSameValue(t *testing.T) {
	// Setting an attribute to its value changes nothing and reports no file.
	m := loadSrc(t, "main.tf", "resource \"a\" \"b\" {\n  x = true\n}\n")
	ed := NewEditor(m)
	if err := ed.SetAttr("r", targetBlock(t, m, "a.b"), "x", "true"); err != nil {
		t.Fatal(err)
	}
	out, err := ed.Apply()
	if err != nil || len(out) != 0 {
		t.Errorf("Apply: %q, %v", out, err)
	}
}

func TestEditorApplyParseError(t *testing.T) {
	// An expression that parses alone but breaks the file: Apply names the file and owner.
	m := loadSrc(t, "main.tf", "resource \"a\" \"b\" {\n  x = 1\n}\n")
	ed := NewEditor(m)
	if err := ed.SetAttr("rule-z", targetBlock(t, m, "a.b"), "x", "1 # comment"); err != nil {
		t.Fatal(err)
	}
	if _, err := ed.Apply(); err != nil {
		t.Logf("Apply: %v", err) // fine either way: it must not panic or write a broken file
	}
}

func errContains(s string) func(error) bool {
	return func(err error) bool { return err != nil && strings.Contains(err.Error(), s) }
}

func isErr(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

func isConflict(owner, other string) func(error) bool {
	return func(err error) bool {
		var ce *ConflictError
		return errors.As(err, &ce) && ce.Owner == owner && ce.Other == other && ce.File == "main.tf" &&
			strings.Contains(err.Error(), owner) && strings.Contains(err.Error(), other)
	}
}

func TestHeredocLines(t *testing.T) {
	text := "a = <<EOT\n  x\nEOT\nb = <<-X\n    y\n  X\nc = 1"
	got := heredocLines(text)
	for i, want := range []bool{false, true, true, false, true, true, false} {
		if got[i] != want {
			t.Errorf("line %d: in heredoc = %v, want %v", i, got[i], want)
		}
	}
	if heredocLines("a = 1\nb = 2") != nil {
		t.Errorf("no heredoc, got lines")
	}
}

func TestFileIndentUnit(t *testing.T) {
	for src, want := range map[string]string{
		"":                              "  ",
		"a = 1\n":                       "  ",
		"r {\n\tx = 1\n}\n":             "\t",
		"r {\n    x = 1\n}\n":           "    ",
		"\n\nr {\n  x {\n    y = 1\n}}": "  ",
	} {
		if got := fileIndentUnit([]byte(src)); got != want {
			t.Errorf("fileIndentUnit(%q) = %q, want %q", src, got, want)
		}
	}
}

func TestEditorInsertBeforeReplaceAtOneOffset(t *testing.T) {
	// A replacement recorded first and an insertion at its start offset
	// apply in offset order, not record order.
	m := loadSrc(t, "main.tf", "locals {\n  a = 1\n}\n")
	ed := NewEditor(m)
	f := m.Files["main.tf"]
	if err := ed.add(f, edit{start: 15, end: 16, text: "2", owner: "r", key: "v"}); err != nil {
		t.Fatal(err)
	}
	if err := ed.add(f, edit{start: 15, end: 15, text: "3 + ", owner: "s", key: "w"}); err != nil {
		t.Fatal(err)
	}
	out, err := ed.Apply()
	if err != nil || string(out["main.tf"]) != "locals {\n  a = 3 + 2\n}\n" {
		t.Errorf("Apply = %q, %v", out["main.tf"], err)
	}
}
