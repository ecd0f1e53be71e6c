package iac

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// fuzzSeeds returns the content of every .tf and .tf.json file in testdata.
func fuzzSeeds(t testing.TB) (tf, js [][]byte) {
	for _, dir := range testdataModules(t) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				continue
			}
			switch {
			case strings.HasSuffix(e.Name(), ".tf"):
				tf = append(tf, data)
			case strings.HasSuffix(e.Name(), ".tf.json"):
				js = append(js, data)
			}
		}
	}
	// .tf.json modules have no .tf file, so testdataModules misses them.
	if data, err := os.ReadFile("testdata/load/json/main.tf.json"); err == nil {
		js = append(js, data)
	}
	return tf, js
}

// FuzzLoad: arbitrary bytes as main.tf and main.tf.json never make Load,
// or what a rule does with a Module, panic.
func FuzzLoad(f *testing.F) {
	tf, js := fuzzSeeds(f)
	for i, src := range tf {
		var j []byte
		if len(js) > 0 {
			j = js[i%len(js)]
		}
		f.Add(src, j)
	}
	f.Add([]byte("module \"m\" {\n  source = \"./\"\n}\n"), []byte(`{"resource": [{"a": {"b": {"count": 2}}}]}`))
	f.Add([]byte("\xff\xfe\x00"), []byte("\xff"))
	f.Fuzz(func(t *testing.T, tfSrc, jsonSrc []byte) {
		fsys := fstest.MapFS{
			"main.tf":      {Data: tfSrc},
			"main.tf.json": {Data: jsonSrc},
		}
		m := Load(context.Background(), fsys, ".")
		exercise(m)
		if _, err := NewEditor(m).Apply(); err != nil {
			t.Errorf("Apply with no edits: %v", err)
		}
	})
}

// exercise calls what rules call on a module.
func exercise(m *Module) {
	for _, r := range m.Resources {
		_ = r.Address()
		var walk func(b *Block)
		walk = func(b *Block) {
			for name := range b.Attrs {
				b.Get(name)
				b.Bool(name)
				b.String(name)
				b.Number(name)
				b.Strings(name)
			}
			for _, c := range b.Blocks {
				walk(c)
			}
		}
		walk(r.Block)
		r.File.IgnoresFor(r.Block.Range.Start.Line)
		for name := range r.Block.Attrs {
			for _, t := range m.Refs(r, name) {
				m.Referrers(t, r.Type, name, name)
			}
		}
	}
}

// FuzzEdit: an edit of the first resource of arbitrary source never panics;
// when Apply succeeds every output parses, a canonical input stays
// canonical and, for a non-canonical input, the bytes before the first
// edit are unchanged.
func FuzzEdit(f *testing.F) {
	tf, _ := fuzzSeeds(f)
	exprs := []string{`true`, `"x"`, "{\n  a = 1\n}", "<<EOT\nx\nEOT", `["a"]`}
	for i, src := range tf {
		f.Add(src, uint8(i), exprs[i%len(exprs)])
	}
	f.Add([]byte("resource \"a\" \"b\" {}"), uint8(1), "1")
	f.Add([]byte("resource \"a\" \"b\" {\r\n\tx = 1 # c\r\n}"), uint8(0), "2")
	f.Fuzz(func(t *testing.T, src []byte, op uint8, expr string) {
		m := Load(context.Background(), fstest.MapFS{"main.tf": {Data: src}}, ".")
		var r *Resource
		for _, c := range m.Resources {
			if !c.File.JSON {
				r = c
				break
			}
		}
		if r == nil {
			return
		}
		ed := NewEditor(m)
		b := r.Block
		if op&8 != 0 && len(b.Blocks) > 0 {
			b = b.Blocks[int(op>>4)%len(b.Blocks)]
		}
		var err error
		switch op % 4 {
		case 0: // replace the first attribute, or add one
			name := "df_attr"
			for n := range b.Attrs {
				if name == "df_attr" || n < name {
					name = n
				}
			}
			err = ed.SetAttr("fuzz", b, name, expr)
		case 1:
			err = ed.SetAttr("fuzz", b, "df_attr", expr)
		case 2:
			err = ed.AddBlock("fuzz", b, NewBlock{Type: "df_block", Attrs: []NewAttr{{Name: "a", Expr: expr}}})
		case 3:
			err = ed.AddBlockAfter("fuzz", r.Block, NewBlock{Type: "resource", Labels: []string{"df", "x"}, Attrs: []NewAttr{{Name: "a", Expr: expr}}})
		}
		if err != nil {
			if errors.Is(err, ErrDynamicBlock) || errors.Is(err, ErrJSONNotEditable) || strings.Contains(err.Error(), "invalid") ||
				strings.Contains(err.Error(), "empty expression") || strings.Contains(err.Error(), "does not parse") {
				return
			}
			t.Fatalf("edit: %v", err)
		}
		first := keptBefore(src, ed.edits["main.tf"])
		out, err := ed.Apply()
		if err != nil {
			return // the edit would not parse: refused, nothing written
		}
		for p, data := range out {
			if _, diags := hclsyntax.ParseConfig(data, p, hcl.InitialPos); diags.HasErrors() {
				t.Fatalf("%s does not parse after the edit: %s\n%s", p, diags, data)
			}
		}
		if data, ok := out["main.tf"]; ok && IsCanonical(src) && !IsCanonical(data) {
			t.Fatalf("a canonical file is not canonical after the edit:\n%q\n%q", src, data)
		}
		if data, ok := out["main.tf"]; ok && !IsCanonical(src) {
			if len(data) < first || !bytes.Equal(data[:first], src[:first]) {
				t.Fatalf("bytes before the first edit (offset %d) changed:\n%q\n%q", first, src, data)
			}
		}
		// The edited module loads again and still has the resource.
		m2 := Load(context.Background(), fstest.MapFS{"main.tf": {Data: out["main.tf"]}}, ".")
		if _, ok := out["main.tf"]; ok && len(m2.Diagnostics) == 0 {
			found := false
			for _, c := range m2.Resources {
				if c.ConfigAddress() == r.ConfigAddress() {
					found = true
				}
			}
			if !found && r.Key == cty.NilVal && !r.Expanded {
				t.Fatalf("%s is gone after the edit:\n%s", r.Address(), out["main.tf"])
			}
		}
	})
}
