package iac

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"
)

func TestAddObjectItems(t *testing.T) {
	owner := []NewAttr{{Name: "owner", Expr: `"platform"`}}
	tests := []struct {
		name  string
		src   string
		items [][]NewAttr // one AddObjectItems call per element
		want  string
	}{
		{
			name:  "one line",
			src:   "resource \"aws_sqs_queue\" \"q\" {\n  tags = { Name = \"q\" } # keep\n}\n",
			items: [][]NewAttr{owner},
			want:  "resource \"aws_sqs_queue\" \"q\" {\n  tags = { Name = \"q\", owner = \"platform\" } # keep\n}\n",
		},
		{
			name:  "one line with a trailing comma",
			src:   "resource \"aws_sqs_queue\" \"q\" {\n  tags = { Name = \"q\", }\n}\n",
			items: [][]NewAttr{owner},
			want:  "resource \"aws_sqs_queue\" \"q\" {\n  tags = { Name = \"q\", owner = \"platform\", }\n}\n",
		},
		{
			name:  "empty one line",
			src:   "resource \"aws_sqs_queue\" \"q\" {\n  tags = {}\n}\n",
			items: [][]NewAttr{owner},
			want:  "resource \"aws_sqs_queue\" \"q\" {\n  tags = { owner = \"platform\" }\n}\n",
		},
		{
			name:  "one line, two calls",
			src:   "resource \"aws_sqs_queue\" \"q\" {\n  tags = { Name = \"q\" }\n}\n",
			items: [][]NewAttr{owner, {{Name: `"cost-center"`, Expr: `"cc1"`}}},
			want:  "resource \"aws_sqs_queue\" \"q\" {\n  tags = { Name = \"q\", owner = \"platform\", \"cost-center\" = \"cc1\" }\n}\n",
		},
		{
			name: "multi-line canonical: realigned, comments kept",
			src: `resource "aws_sqs_queue" "q" {
  tags = {
    Name = "q" # the name
    # the environment
    env = "dev"
    # end of tags
  }
}
`,
			items: [][]NewAttr{owner},
			want: `resource "aws_sqs_queue" "q" {
  tags = {
    Name = "q" # the name
    # the environment
    env   = "dev"
    owner = "platform"
    # end of tags
  }
}
`,
		},
		{
			name: "multi-line hand-indented: layout kept",
			src: `resource "aws_sqs_queue" "q" {
    tags   = {
        Name="q"
        env = "dev"
    }
}
`,
			items: [][]NewAttr{owner},
			want: `resource "aws_sqs_queue" "q" {
    tags   = {
        Name="q"
        env = "dev"
        owner = "platform"
    }
}
`,
		},
		{
			name: "multi-line, two items and two calls",
			src: `resource "aws_sqs_queue" "q" {
  tags = {
    Name = "q"
  }
}
`,
			items: [][]NewAttr{{{Name: "a", Expr: `"1"`}, {Name: "bb", Expr: `"2"`}}, {{Name: "ccc", Expr: "var.c"}}},
			want: `resource "aws_sqs_queue" "q" {
  tags = {
    Name = "q"
    a    = "1"
    bb   = "2"
    ccc  = var.c
  }
}
`,
		},
		{
			name: "closing brace on the last item's line",
			src: `resource "aws_sqs_queue" "q" {
  tags = { Name = "q",
    env = "dev" }
}
`,
			items: [][]NewAttr{owner},
			want: `resource "aws_sqs_queue" "q" {
  tags = { Name = "q",
    env = "dev"
    owner = "platform"
  }
}
`,
		},
		{
			name: "empty multi-line",
			src: `resource "aws_sqs_queue" "q" {
  tags = {
    # none yet
  }
}
`,
			items: [][]NewAttr{owner},
			want: `resource "aws_sqs_queue" "q" {
  tags = {
    # none yet
    owner = "platform"
  }
}
`,
		},
		{
			name: "last item spans lines",
			src: `resource "aws_sqs_queue" "q" {
  tags = {
    Name = join("-", [
      "a",
      "b",
    ])
  }
}
`,
			items: [][]NewAttr{owner},
			want: `resource "aws_sqs_queue" "q" {
  tags = {
    Name = join("-", [
      "a",
      "b",
    ])
    owner = "platform"
  }
}
`,
		},
		{
			name: "last item is a heredoc",
			src: `resource "aws_sqs_queue" "q" {
  tags = {
    Note = <<EOT
hello
EOT
  }
}
`,
			items: [][]NewAttr{owner},
			want: `resource "aws_sqs_queue" "q" {
  tags = {
    Note  = <<EOT
hello
EOT
    owner = "platform"
  }
}
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, a := loadTags(t, tt.src)
			ed := NewEditor(m)
			for _, items := range tt.items {
				if err := ed.AddObjectItems("test", a, items); err != nil {
					t.Fatal(err)
				}
			}
			out, err := ed.Apply()
			if err != nil {
				t.Fatal(err)
			}
			if got := string(out["main.tf"]); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestAddObjectItemsErrors(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		items []NewAttr
		is    error
	}{
		{name: "a variable", src: "variable \"t\" {}\nresource \"aws_sqs_queue\" \"q\" {\n  tags = var.t\n}\n", items: []NewAttr{{Name: "owner", Expr: `"x"`}}, is: ErrNotObjectLiteral},
		{name: "merge", src: "resource \"aws_sqs_queue\" \"q\" {\n  tags = merge({ a = \"b\" })\n}\n", items: []NewAttr{{Name: "owner", Expr: `"x"`}}, is: ErrNotObjectLiteral},
		{name: "bad key", src: "resource \"aws_sqs_queue\" \"q\" {\n  tags = {}\n}\n", items: []NewAttr{{Name: "a b", Expr: `"x"`}}},
		{name: "computed key", src: "resource \"aws_sqs_queue\" \"q\" {\n  tags = {}\n}\n", items: []NewAttr{{Name: "(var.k)", Expr: `"x"`}}},
		{name: "bad value", src: "resource \"aws_sqs_queue\" \"q\" {\n  tags = {}\n}\n", items: []NewAttr{{Name: "a", Expr: `"x`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, a := loadTags(t, tt.src)
			err := NewEditor(m).AddObjectItems("test", a, tt.items)
			if err == nil {
				t.Fatal("want an error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v, want %v", err, tt.is)
			}
		})
	}
}

func TestAddObjectItemsJSON(t *testing.T) {
	fsys := fstest.MapFS{"main.tf.json": {Data: []byte(`{"resource": {"aws_sqs_queue": {"q": {"tags": {"a": "b"}}}}}`)}}
	m := Load(context.Background(), fsys, ".")
	a := m.Resources[0].Block.Attr("tags")
	if err := NewEditor(m).AddObjectItems("test", a, []NewAttr{{Name: "owner", Expr: `"x"`}}); !errors.Is(err, ErrJSONNotEditable) {
		t.Errorf("error %v, want ErrJSONNotEditable", err)
	}
}

// An identical edit from a second caller (one per resource instance) is
// recorded once; a different edit of the same object at the same place is not
// a conflict for a multi-line object.
func TestAddObjectItemsTwice(t *testing.T) {
	m, a := loadTags(t, "resource \"aws_sqs_queue\" \"q\" {\n  tags = {\n    a = \"b\"\n  }\n}\n")
	ed := NewEditor(m)
	for i := 0; i < 2; i++ {
		if err := ed.AddObjectItems("test", a, []NewAttr{{Name: "owner", Expr: `"x"`}}); err != nil {
			t.Fatal(err)
		}
	}
	out, err := ed.Apply()
	if err != nil {
		t.Fatal(err)
	}
	want := "resource \"aws_sqs_queue\" \"q\" {\n  tags = {\n    a     = \"b\"\n    owner = \"x\"\n  }\n}\n"
	if got := string(out["main.tf"]); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestObjectKey(t *testing.T) {
	for in, want := range map[string]string{
		"owner":                   "owner",
		"cost-center":             "cost-center",
		"Name":                    "Name",
		"kubernetes.io/role/elb":  `"kubernetes.io/role/elb"`,
		"aws:cloudformation":      `"aws:cloudformation"`,
		"true":                    `"true"`,
		"null":                    `"null"`,
		"has space":               `"has space"`,
		"${x}":                    `"$${x}"`,
		"1st":                     `"1st"`,
		"quote\"d":                `"quote\"d"`,
		"under_score-and-dash_09": "under_score-and-dash_09",
	} {
		if got := ObjectKey(in); got != want {
			t.Errorf("ObjectKey(%q) = %s, want %s", in, got, want)
		}
	}
}

func loadTags(t *testing.T, src string) (*Module, *Attr) {
	t.Helper()
	m := Load(context.Background(), fstest.MapFS{"main.tf": {Data: []byte(src)}}, ".")
	if m.Diagnostics.HasErrors() {
		t.Fatal(m.Diagnostics.Error())
	}
	for _, r := range m.Resources {
		if a := r.Block.Attr("tags"); a != nil {
			return m, a
		}
	}
	t.Fatal("no tags attribute")
	return nil, nil
}

// Where a new item has to take the closing brace (an empty one-line object,
// a brace on the last item's line), a second, different addition to the same
// object conflicts instead of running into the first; the fix loop applies
// it on the next pass.
func TestAddObjectItemsConflict(t *testing.T) {
	for _, src := range []string{
		"resource \"aws_sqs_queue\" \"q\" {\n  tags = {}\n}\n",
		"resource \"aws_sqs_queue\" \"q\" {\n  tags = { a = \"b\",\n    c = \"d\"}\n}\n",
	} {
		m, a := loadTags(t, src)
		ed := NewEditor(m)
		if err := ed.AddObjectItems("one", a, []NewAttr{{Name: "owner", Expr: `"x"`}}); err != nil {
			t.Fatal(err)
		}
		var ce *ConflictError
		if err := ed.AddObjectItems("two", a, []NewAttr{{Name: "team", Expr: `"y"`}}); !errors.As(err, &ce) {
			t.Errorf("%q: second addition: error %v, want a ConflictError", src, err)
		}
		if _, err := ed.Apply(); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}
