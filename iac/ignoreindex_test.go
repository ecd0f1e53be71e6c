package iac

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestIgnoreIndexSameAsScan looks up the ignores of every line and every
// block of generated files, with the index a load builds and without it
// (reading every ignore, as before): the answers are the same. The load
// finds the same ignores as lexing the whole file does.
func TestIgnoreIndexSameAsScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	found, within := 0, 0
	comments := []string{
		"# checkov:skip=CKV_AWS_18:logs elsewhere", "# trivy:ignore:AVD-AWS-0089", "// tfsec:ignore:aws-s3-enable-bucket-logging:exp:2030-01-01",
		"/* driftfix:ignore:aws-s3-versioning\n   checkov:skip=CKV_AWS_21 */", "# just a comment", "# driftfix:ignore:*",
	}
	for round := range 50 {
		var sb strings.Builder
		for i := range 40 {
			for range rng.IntN(3) {
				sb.WriteString(comments[rng.IntN(len(comments))] + "\n")
			}
			if rng.IntN(4) == 0 {
				sb.WriteString("\n")
			}
			fmt.Fprintf(&sb, "resource \"aws_s3_bucket\" \"b%d\" {\n", i)
			for range rng.IntN(3) {
				sb.WriteString("  " + comments[rng.IntN(len(comments))] + "\n")
			}
			sb.WriteString("  bucket = \"x\"")
			if rng.IntN(3) == 0 {
				sb.WriteString(" " + comments[rng.IntN(3)])
			}
			sb.WriteString("\n}")
			if rng.IntN(4) == 0 {
				sb.WriteString(" " + comments[rng.IntN(3)])
			}
			sb.WriteString("\n\n")
			if rng.IntN(8) == 0 {
				sb.WriteString("locals { note = \"# trivy:ignore:not-a-comment\" } # checkov:skip=CKV_X_1\n")
			}
		}
		for range rng.IntN(2) {
			sb.WriteString(comments[rng.IntN(len(comments))] + "\n")
		}
		m := Load(context.Background(), fstest.MapFS{"main.tf": {Data: []byte(sb.String())}}, ".")
		f := m.Files["main.tf"]
		if f == nil || f.ignoreIdx == nil {
			t.Fatalf("round %d: no ignore index: %v", round, m.Diagnostics)
		}
		// The load lexed only the blocks and stretches with markers.
		if want := parseIgnores(f.Src, f.Path); !reflect.DeepEqual(f.Ignores, want) {
			t.Fatalf("round %d: parseIgnoresIn found\n%v\nparseIgnores\n%v", round, f.Ignores, want)
		}
		scan := *f
		scan.ignoreIdx = nil
		lines := strings.Count(sb.String(), "\n") + 1
		for l := 1; l <= lines; l++ {
			got, want := f.IgnoresFor(l), scan.IgnoresFor(l)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d: IgnoresFor(%d) = %v, want %v", round, l, got, want)
			}
			found += len(got)
		}
		for _, r := range m.Resources {
			got, want := f.IgnoresWithin(r.Block.Range), scan.IgnoresWithin(r.Block.Range)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d: IgnoresWithin(%s) = %v, want %v", round, r.Block.Range, got, want)
			}
			within += len(got)
		}
	}
	if found == 0 || within == 0 {
		t.Errorf("the generated files exercise nothing: %d ignores found by line, %d within blocks", found, within)
	}
}

// TestParseIgnoresInSameOnTestdata compares parseIgnoresIn with lexing the
// whole file on every .tf file of the repository that parses, and on the
// same files with ignore comments in awkward places (a heredoc that looks
// like one, comments spanning lines between blocks, a trailing comment
// after a closing brace).
func TestParseIgnoresInSameOnTestdata(t *testing.T) {
	extra := "\n/* driftfix:ignore:a\n checkov:skip=CKV_1 */ # tfsec:ignore:b\nresource \"x\" \"y\" {\n  v = <<EOT\n# trivy:ignore:not-a-comment\nEOT\n} # trivy:ignore:c\n# checkov:skip=CKV_2\n"
	checked := 0
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && d.Name() == ".git" {
			return fs.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".tf") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, text := range [][]byte{src, append(append([]byte(nil), src...), extra...)} {
			f, diags := hclsyntax.ParseConfig(text, p, hcl.InitialPos)
			if diags.HasErrors() {
				continue
			}
			checked++
			got := parseIgnoresIn(text, p, f.Body.(*hclsyntax.Body))
			if want := parseIgnores(text, p); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: parseIgnoresIn found\n%v\nparseIgnores\n%v", p, got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Errorf("only %d files checked", checked)
	}
}
