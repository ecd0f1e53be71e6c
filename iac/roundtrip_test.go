package iac

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/internal/testenv"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// testdataModules returns every directory under iac/testdata and
// fixers/testdata holding .tf files, as absolute paths.
func testdataModules(t testing.TB) []string {
	t.Helper()
	root := testenv.RepoRoot()
	seen := map[string]bool{}
	for _, top := range []string{"iac/testdata", "fixers/testdata"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".tf") {
				seen[filepath.Dir(p)] = true
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	var dirs []string
	for d := range seen {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	if len(dirs) == 0 {
		t.Fatal("no testdata modules found")
	}
	return dirs
}

// TestRoundTrip: loading a module and applying no edits changes nothing, and
// hclwrite reproduces every canonical file byte for byte.
func TestRoundTrip(t *testing.T) {
	root := testenv.RepoRoot()
	for _, dir := range testdataModules(t) {
		rel, _ := filepath.Rel(root, dir)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			m := Load(context.Background(), os.DirFS(dir), ".")
			out, err := NewEditor(m).Apply()
			if err != nil || len(out) != 0 {
				t.Errorf("Apply with no edits: %d files, %v", len(out), err)
			}
			for p, f := range m.Files {
				if f.JSON || f.Syntax == nil {
					continue
				}
				wf, diags := hclwrite.ParseConfig(f.Src, p, hcl.InitialPos)
				if diags.HasErrors() {
					t.Errorf("%s: hclwrite does not parse what hclsyntax did: %s", p, diags)
					continue
				}
				// hclwrite.File.Bytes formats what it writes, so it reproduces
				// only canonical files; that is why the editor edits byte
				// ranges of the source instead of writing hclwrite's tree.
				got := wf.Bytes()
				if IsCanonical(f.Src) && !bytes.Equal(got, f.Src) {
					t.Errorf("%s: hclwrite round trip changed a canonical file:\n%s", p, got)
				}
				if !bytes.Equal(got, hclwrite.Format(f.Src)) {
					t.Errorf("%s: hclwrite round trip is not Format:\n%s", p, got)
				}
			}
		})
	}
}

// TestIdentityEdits: setting every attribute of every top-level block of a
// canonical file to its own source changes nothing.
func TestIdentityEdits(t *testing.T) {
	root := testenv.RepoRoot()
	for _, dir := range testdataModules(t) {
		rel, _ := filepath.Rel(root, dir)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			m := Load(context.Background(), os.DirFS(dir), ".")
			ed := NewEditor(m)
			n := 0
			for _, r := range m.Resources {
				if r.File.JSON || !IsCanonical(r.File.Src) {
					continue
				}
				for name, a := range r.Block.Attrs {
					if _, ok := a.Expr.(*hclsyntax.TemplateExpr); ok && bytes.Contains(exprSource(r.File, a), []byte("<<")) {
						continue
					}
					if err := ed.SetAttr("identity", r.Block, name, string(exprSource(r.File, a))); err != nil {
						t.Fatalf("%s.%s: %v", r.Address(), name, err)
					}
					n++
				}
			}
			out, err := ed.Apply()
			if err != nil {
				t.Fatal(err)
			}
			for p, data := range out {
				t.Errorf("%s changed by %d identity edits:\n%s", p, n, data)
			}
		})
	}
}

func exprSource(f *File, a *Attr) []byte {
	r := a.Expr.Range()
	return f.Src[r.Start.Byte:r.End.Byte]
}
