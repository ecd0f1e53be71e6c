package iac

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
)

// Structurally invalid Terraform is an error naming file, line and column,
// as terraform validate reports it; driftfix never loads it as if it were
// fine (and fix then never edits around it).
func TestLoadStructure(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // "file:line,col: summary", sorted; nil = loads cleanly
	}{
		{"missing resource label", map[string]string{"main.tf": "resource \"aws_s3_bucket\" {\n}\n"},
			[]string{"main.tf:1,26: Missing name for resource"}},
		{"extra resource label", map[string]string{"main.tf": "resource \"aws_s3_bucket\" \"a\" \"b\" {\n}\n"},
			[]string{"main.tf:1,30: Extraneous label for resource"}},
		{"unknown top-level block", map[string]string{"main.tf": "resourse \"aws_s3_bucket\" \"a\" {\n}\n"},
			[]string{"main.tf:1,1: Unsupported block type"}},
		{"top-level attribute", map[string]string{"main.tf": "bucket = \"logs\"\n"},
			[]string{"main.tf:1,1: Unsupported argument"}},
		{"json: resource type not an object", map[string]string{"main.tf.json": `{"resource": {"aws_s3_bucket": "x"}}`},
			[]string{"main.tf.json:1,32: Incorrect JSON value type", "main.tf.json:1,32: Missing block label"}},
		{"json: resource body not an object", map[string]string{"main.tf.json": `{"resource": {"aws_s3_bucket": {"x": "nope"}}}`},
			[]string{"main.tf.json:1,38: Incorrect JSON value type"}},
		{"json: unknown top-level property", map[string]string{"main.tf.json": `{"resourse": {}}`},
			[]string{"main.tf.json:1,2: Extraneous JSON object property"}},
		{"json: not an object", map[string]string{"main.tf.json": `[1]`},
			[]string{"main.tf.json:1,2: Incorrect JSON value type", "main.tf.json:1,2: Incorrect JSON value type"}},
		{"resource declared twice in two files", map[string]string{
			"a.tf": "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \"one\"\n}\n",
			"b.tf": "\nresource \"aws_s3_bucket\" \"x\" {\n  bucket = \"two\"\n}\n",
		}, []string{"b.tf:2,1: Duplicate resource \"aws_s3_bucket\" configuration"}},
		{"resource declared twice in json", map[string]string{"main.tf.json": `{"resource": {"aws_s3_bucket": {"x": [{"bucket": "y"}, {"bucket": "z"}]}}}`},
			[]string{"main.tf.json:1,38: Duplicate resource \"aws_s3_bucket\" configuration"}},
		{"data source, module, variable, output and local declared twice", map[string]string{
			"main.tf": "data \"aws_s3_bucket\" \"x\" {\n}\n" +
				"module \"m\" {\n  source = \"git::x\"\n}\n" +
				"variable \"v\" {\n}\n" +
				"output \"o\" {\n  value = 1\n}\n" +
				"locals {\n  l = 1\n}\n",
			"twice.tf": "data \"aws_s3_bucket\" \"x\" {\n}\n" +
				"module \"m\" {\n  source = \"git::x\"\n}\n" +
				"variable \"v\" {\n}\n" +
				"output \"o\" {\n  value = 1\n}\n" +
				"locals {\n  l = 2\n}\n",
		}, []string{
			"twice.tf:1,1: Duplicate data \"aws_s3_bucket\" configuration",
			"twice.tf:12,3: Duplicate local value definition",
			"twice.tf:3,1: Duplicate module call",
			"twice.tf:6,1: Duplicate variable declaration",
			"twice.tf:8,1: Duplicate output definition",
		}},
		{"a nested block in locals", map[string]string{"main.tf": "locals {\n  a = 1\n  b {\n  }\n}\n"},
			[]string{"main.tf:3,3: Unexpected \"b\" block"}},

		// valid shapes
		{"a resource and a data source of one name", map[string]string{"main.tf": "resource \"aws_s3_bucket\" \"x\" {\n}\n\ndata \"aws_s3_bucket\" \"x\" {\n  bucket = \"x\"\n}\n"}, nil},
		{"an override file redeclares", map[string]string{
			"main.tf":     "resource \"aws_s3_bucket\" \"x\" {\n}\n\nvariable \"v\" {\n}\n",
			"override.tf": "variable \"v\" {\n  default = 1\n}\n",
		}, nil},
		{"json comment property", map[string]string{"main.tf.json": `{"//": "a comment", "resource": {"aws_s3_bucket": {"x": {"bucket": "y"}}}}`}, nil},
		{"the same name in two modules", map[string]string{
			"main.tf":       "resource \"aws_s3_bucket\" \"x\" {\n}\n\nmodule \"m\" {\n  source = \"./m\"\n}\n",
			"m/main.tf":     "resource \"aws_s3_bucket\" \"x\" {\n}\n",
			"m/versions.tf": "terraform {\n}\n",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for p, src := range tt.files {
				fsys[p] = &fstest.MapFile{Data: []byte(src)}
			}
			m := Load(context.Background(), fsys, ".")
			got := errorStrings(m)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n got  %q\n want %q", got, tt.want)
			}
		})
	}
}

// A directory several module calls share reports its problems once.
func TestLoadStructureReportedOnce(t *testing.T) {
	fsys := fstest.MapFS{
		"main.tf":   {Data: []byte("module \"a\" {\n  source = \"./m\"\n}\n\nmodule \"b\" {\n  source = \"./m\"\n}\n")},
		"m/main.tf": {Data: []byte("resource \"aws_s3_bucket\" \"x\" {\n}\n\nresource \"aws_s3_bucket\" \"x\" {\n}\n")},
	}
	m := Load(context.Background(), fsys, ".")
	if got := errorStrings(m); !reflect.DeepEqual(got, []string{"m/main.tf:4,1: Duplicate resource \"aws_s3_bucket\" configuration"}) {
		t.Errorf("errors = %q, want the duplicate once", got)
	}
}

// errorStrings renders every error diagnostic as "file:line,col: summary",
// sorted.
func errorStrings(m *Module) []string {
	var out []string
	for _, d := range m.Diagnostics {
		if d.Severity != hcl.DiagError || d.Subject == nil {
			continue
		}
		out = append(out, fmt.Sprintf("%s:%d,%d: %s", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, d.Summary))
	}
	sort.Strings(out)
	return out
}
