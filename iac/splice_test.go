package iac

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// tagsAttr loads src and returns its first resource's tags attribute.
func tagsAttr(t *testing.T, src string) ([]byte, *Attr) {
	t.Helper()
	m := Load(context.Background(), fstest.MapFS{"main.tf": {Data: []byte(src)}}, ".")
	if len(m.Diagnostics) > 0 {
		t.Fatal(m.Diagnostics.Error())
	}
	return m.Files["main.tf"].Src, m.Resources[0].Block.Attr("tags")
}

func TestObjectSplice(t *testing.T) {
	multi := "resource \"a\" \"b\" {\n  tags = {\n    # owners\n    a = \"1\"\n    b = \"2\" # keep\n    c = \"3\"\n  }\n}\n"
	tests := []struct {
		name      string
		src       string
		replace   map[int]string
		remove    []int
		add       []NewAttr
		want      string
		removeErr error
	}{
		{
			name:    "multi-line: replace, remove, add; comments stay",
			src:     multi,
			replace: map[int]string{1: `"two"`},
			remove:  []int{2},
			add:     []NewAttr{{Name: "d", Expr: `"4"`}},
			want:    "{\n    # owners\n    a = \"1\"\n    b = \"two\" # keep\n    d = \"4\"\n  }",
		},
		{
			name:      "multi-line: an item with a comment on its line is not removed",
			src:       multi,
			remove:    []int{1},
			removeErr: ErrItemSharesLine,
		},
		{
			name:    "one line",
			src:     "resource \"a\" \"b\" {\n  tags = { a = \"1\", b = \"2\" }\n}\n",
			replace: map[int]string{0: `"one"`},
			remove:  []int{1},
			add:     []NewAttr{{Name: `"c d"`, Expr: `"3"`}},
			want:    `{ a = "one", "c d" = "3" }`,
		},
		{
			name:      "one line with a comment",
			src:       "resource \"a\" \"b\" {\n  tags = { a = \"1\", /* x */ b = \"2\" }\n}\n",
			remove:    []int{0},
			removeErr: ErrOneLineComment,
		},
		{
			name: "closing brace on the last item's line",
			src:  "resource \"a\" \"b\" {\n  tags = {\n    a = \"1\" }\n}\n",
			add:  []NewAttr{{Name: "b", Expr: `"2"`}},
			want: "{\n    a = \"1\"\n    b = \"2\"\n  }",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, a := tagsAttr(t, tt.src)
			s, err := NewObjectSplice(src, a)
			if err != nil {
				t.Fatal(err)
			}
			for _, i := range tt.remove {
				if err := s.CanRemove(i); !errors.Is(err, tt.removeErr) {
					t.Fatalf("CanRemove(%d) = %v, want %v", i, err, tt.removeErr)
				}
				s.Remove[i] = true
			}
			if tt.removeErr != nil {
				return
			}
			for i, v := range tt.replace {
				s.Replace[i] = v
			}
			s.Add = tt.add
			got, err := s.Text()
			if err != nil || got != tt.want {
				t.Errorf("Text() = %q, %v\nwant %q", got, err, tt.want)
			}
		})
	}
}

func TestObjectSpliceNotObject(t *testing.T) {
	src, a := tagsAttr(t, "resource \"a\" \"b\" {\n  tags = var.tags\n}\n")
	if _, err := NewObjectSplice(src, a); !errors.Is(err, ErrNotObjectLiteral) {
		t.Errorf("got %v, want ErrNotObjectLiteral", err)
	}
	if ObjectEditable(a) {
		t.Error("var.tags is editable")
	}
	for _, lit := range []string{"null", "{}"} {
		if _, a := tagsAttr(t, "resource \"a\" \"b\" {\n  tags = "+lit+"\n}\n"); !ObjectEditable(a) {
			t.Errorf("tags = %s is not editable", lit)
		}
	}
}

func TestObjectKeyFor(t *testing.T) {
	obj := func(src string) *hclsyntax.ObjectConsExpr {
		_, a := tagsAttr(t, "resource \"a\" \"b\" {\n  tags = "+src+"\n}\n")
		return a.Expr.(*hclsyntax.ObjectConsExpr)
	}
	tests := []struct {
		obj  *hclsyntax.ObjectConsExpr
		key  string
		want string
	}{
		{nil, "env", "env"},
		{nil, "b c", `"b c"`},
		{obj(`{ "a" = "1" }`), "env", `"env"`},
		{obj(`{ "a" = "1", b = "2" }`), "env", "env"},
		{obj(`{}`), "env", "env"},
	}
	for _, tt := range tests {
		if got := ObjectKeyFor(tt.obj, tt.key); got != tt.want {
			t.Errorf("ObjectKeyFor(%q) = %s, want %s", tt.key, got, tt.want)
		}
	}
}
