package iac

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestParsePiecesSameAsOneParse: a file parsed in pieces gives what one
// parse gives — the same blocks and arguments at the same ranges, and the
// same diagnostics when a cut would fall inside a heredoc, a comment or a
// block, or an argument is set twice.
func TestParsePiecesSameAsOneParse(t *testing.T) {
	block := func(i int) string {
		return fmt.Sprintf("resource \"aws_s3_bucket\" \"b%d\" {\n  bucket = \"b-%d\"\n  tags = {\n    team = \"x\" # c\n  }\n}\n", i, i)
	}
	many := func(n int, sep string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(block(i))
			b.WriteString(sep)
		}
		return b.String()
	}
	tests := []struct {
		name string
		src  string
	}{
		{"blocks back to back", many(40, "")},
		{"blank lines and comments between blocks", many(40, "\n# about the next one\n// and more\n\n")},
		{"heredoc holding lines that look like a block end", many(10, "\n") + "locals {\n  doc = <<EOT\n}\nresource \"x\" \"y\" {\n}\nEOT\n}\n" + many(10, "\n")},
		{"multi-line comment holding a block end", many(10, "\n") + "/*\n}\nresource \"x\" \"y\" {\n}\n*/\n" + many(10, "\n")},
		{"top-level object ending at column 1", many(10, "\n") + "x = {\n}\ny = 1\n" + many(10, "\n")},
		{"argument set twice, far apart", "a = 1\n" + many(30, "\n") + "a = 2\n"},
		{"block not closed", many(20, "\n") + "resource \"a\" \"b\" {\n" + many(5, "\n")},
		{"syntax error in one piece", many(20, "\n") + "resource \"a\" \"b\" {\n  x = = 1\n}\n" + many(20, "\n")},
		{"CRLF", strings.ReplaceAll(many(30, "\n"), "\n", "\r\n")},
		{"no newline at the end", strings.TrimSuffix(many(30, "\n"), "\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, size := range []int{64, 200, 1000} {
				if size == 64 && len(chunkCuts([]byte(tt.src), size)) < 2 {
					t.Fatalf("size %d: the test file is not cut", size)
				}
				samePieces(t, []byte(tt.src), size)
			}
		})
	}
}

// samePieces fails the test when parsing src in pieces of size differs
// from one parse.
func samePieces(t testing.TB, src []byte, size int) {
	t.Helper()
	want, wantDiags := hclsyntax.ParseConfig(src, "main.tf", hcl.InitialPos)
	got, gotDiags := parsePieces(src, "main.tf", size)
	if w, g := wantDiags.Error(), gotDiags.Error(); w != g {
		t.Fatalf("size %d: diagnostics differ:\none parse: %s\npieces:    %s", size, w, g)
	}
	if w, g := describeBody(want.Body.(*hclsyntax.Body)), describeBody(got.Body.(*hclsyntax.Body)); w != g {
		t.Fatalf("size %d: bodies differ:\none parse:\n%s\npieces:\n%s", size, w, g)
	}
}

// describeBody lists a body's blocks and arguments with their ranges.
func describeBody(b *hclsyntax.Body) string {
	var s strings.Builder
	fmt.Fprintf(&s, "body %s end %s\n", b.SrcRange, b.EndRange)
	for _, name := range sortedAttrNames(b.Attributes) {
		a := b.Attributes[name]
		fmt.Fprintf(&s, "attr %s %s %s\n", name, a.SrcRange, a.Expr.Range())
	}
	for _, blk := range b.Blocks {
		fmt.Fprintf(&s, "block %s %q %s {\n%s}\n", blk.Type, blk.Labels, blk.Range(), describeBody(blk.Body))
	}
	return s.String()
}

func sortedAttrNames(a hclsyntax.Attributes) []string {
	var names []string
	for n := range a {
		names = append(names, n)
	}
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			if names[j] < names[i] {
				names[i], names[j] = names[j], names[i]
			}
		}
	}
	return names
}

// FuzzParsePieces: whatever the input, parsing in pieces gives what one
// parse gives.
func FuzzParsePieces(f *testing.F) {
	tf, _ := fuzzSeeds(f)
	for _, s := range tf {
		f.Add(s, 64)
	}
	f.Add([]byte("a {\n}\nb = <<E\n}\nc {\nE\n"), 4)
	f.Fuzz(func(t *testing.T, src []byte, size int) {
		if size < 1 || size > 1<<16 {
			return
		}
		samePieces(t, src, size)
	})
}
