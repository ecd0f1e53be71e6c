package iac

import (
	"bytes"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// samePlainFormat fails when formatPlain accepts src but lays it out
// otherwise than hclwrite.Format; it reports whether it accepted src.
func samePlainFormat(t *testing.T, name string, src []byte) bool {
	t.Helper()
	samePlainTokens(t, name, src)
	got, ok := formatPlain(src)
	if !ok {
		return false
	}
	if want := hclwrite.Format(src); !bytes.Equal(got, want) {
		t.Errorf("%s: formatPlain differs from hclwrite.Format\ninput:\n%s\ngot:\n%s\nwant:\n%s", name, src, got, want)
	}
	return true
}

// samePlainTokens fails when plainLex accepts src but splits it otherwise
// than hclsyntax.LexConfig (whose runs of literal text in quotes, split
// at "$" and "%", count as one token, as plainLex makes them).
func samePlainTokens(t *testing.T, name string, src []byte) {
	t.Helper()
	got, ok := plainLex(src)
	if !ok {
		return
	}
	native, _ := hclsyntax.LexConfig(src, "", hcl.InitialPos)
	var want []plainTok
	for _, n := range native {
		if k := len(want) - 1; k >= 0 && n.Type == hclsyntax.TokenQuotedLit && want[k].typ == hclsyntax.TokenQuotedLit && want[k].end == n.Range.Start.Byte {
			want[k].end = n.Range.End.Byte
			continue
		}
		want = append(want, plainTok{n.Type, n.Range.Start.Byte, n.Range.End.Byte})
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: plainLex differs from hclsyntax.LexConfig on %q\ngot:  %v\nwant: %v", name, src, got, want)
	}
}

// TestFormatPlainSameAsHclwriteOnTestdata formats every .tf file of the
// repository, whole and block by block (as formatTouched does), both ways.
func TestFormatPlainSameAsHclwriteOnTestdata(t *testing.T) {
	accepted, total := 0, 0
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
		samePlainFormat(t, p, src)
		f, diags := hclsyntax.ParseConfig(src, p, hcl.InitialPos)
		if diags.HasErrors() {
			return nil
		}
		for _, b := range f.Body.(*hclsyntax.Body).Blocks {
			r := b.Range()
			total++
			if samePlainFormat(t, p+":"+r.String(), src[r.Start.Byte:r.End.Byte]) {
				accepted++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if accepted < total/2 {
		t.Errorf("formatPlain took %d of %d blocks; most testdata blocks are plain", accepted, total)
	}
}

// TestFormatPlainSameAsHclwriteOnRandomText formats generated blocks of
// plain tokens, laid out carelessly (random spaces and tabs between tokens,
// random indentation, blank lines, one-line and multi-line brackets), both
// ways.
func TestFormatPlainSameAsHclwriteOnRandomText(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	accepted := 0
	for i := range 3000 {
		src := []byte(randomPlainBlock(rng))
		if samePlainFormat(t, "random", src) {
			accepted++
		}
		// And the canonical text itself: formatting is then the identity.
		canon := hclwrite.Format(src)
		samePlainFormat(t, "canonical", canon)
		if i < 3 {
			t.Logf("sample:\n%s", src)
		}
	}
	if accepted < 2000 {
		t.Errorf("formatPlain took %d of 3000 random blocks", accepted)
	}
}

func randomPlainBlock(rng *rand.Rand) string {
	var sb strings.Builder
	gap := func() {
		switch rng.IntN(6) {
		case 0:
		case 1:
			sb.WriteString("  ")
		case 2:
			sb.WriteString("\t")
		default:
			sb.WriteString(" ")
		}
	}
	ident := func() string {
		names := []string{"a", "bucket", "x", "in", "for", "tags", "very_long_attribute_name", "kms-key", "id", "each", "var", "count"}
		return names[rng.IntN(len(names))]
	}
	// Token sequences written with random gaps between the tokens.
	snippets := [][]string{
		{`"`, `a-`, `${`, `x`, `.`, `y`, `}`, `-b`, `"`}, {`"`, `${`, `{`, `a`, `=`, `1`, `}`, `}`, `"`},
		{`"`, `%{`, `if`, `x`, `}`, `y`, `%{`, `endif`, `}`, `"`}, {`"`, `${`, `a`, `}`, `${`, `b`, `}`, `"`},
		{`"`, `${~`, `a`, `~}`, `"`}, {`a`, `?`, `b`, `:`, `c`}, {`a`, `+`, `-`, `1`}, {`-`, `1`}, {`a`, `-`, `1`},
		{`!`, `a`}, {`a`, `==`, `b`, `&&`, `c`, `||`, `!`, `d`}, {`a`, `!=`, `-`, `2`, `*`, `3`, `/`, `4`, `%`, `5`},
		{`a`, `<`, `b`, `?`, `-`, `1`, `:`, `c`, `>=`, `d`}, {`(`, `-`, `a`, `)`}, {`[`, `-`, `1`, `]`},
		{`[`, `for`, `x`, `in`, `y`, `:`, `x`, `]`}, {`{`, `for`, `k`, `,`, `v`, `in`, `m`, `:`, `k`, `=>`, `v`, `...`, `}`},
		{`[`, `for`, `x`, `in`, `[`, `y`, `]`, `:`, `x`, `if`, `x`, `]`}, {`a`, `[`, `*`, `]`, `.`, `b`}, {`a`, `.`, `*`, `.`, `b`},
		{`provider`, `::`, `aws`, `::`, `arn_parse`, `(`, `x`, `)`}, {`f`, `(`, `x`, `...`, `)`}, {`f`, `(`, `)`, `[`, `0`, `]`},
		{`1`, `[`, `0`, `]`}, {`a`, `<=`, `b`, `>`, `c`}, {`a`, `-`, `-`, `b`}, {`x`, `=`, `1`},
	}
	var expr func(depth int, multi bool)
	expr = func(depth int, multi bool) {
		k := rng.IntN(11)
		if depth > 2 {
			k = rng.IntN(4)
		}
		if k >= 9 {
			for j, tok := range snippets[rng.IntN(len(snippets))] {
				if j > 0 {
					gap()
				}
				sb.WriteString(tok)
			}
			return
		}
		switch k {
		case 0:
			sb.WriteString([]string{"1", "0", "42", "1.5", "true", "null"}[rng.IntN(6)])
		case 1:
			sb.WriteString([]string{`"x"`, `""`, `"a b"`, `"a\"b"`, `"$${x}"`, `"arn:aws:s3:::b/*"`}[rng.IntN(6)])
		case 2:
			sb.WriteString(ident())
			for range rng.IntN(3) {
				gap()
				sb.WriteString(".")
				gap()
				sb.WriteString(ident())
			}
		case 3:
			sb.WriteString(ident())
			gap()
			sb.WriteString("[")
			gap()
			expr(depth+1, false)
			gap()
			sb.WriteString("]")
		case 4, 5:
			open, close := "[", "]"
			if k == 5 {
				open, close = ident()+"(", ")"
			}
			sb.WriteString(open)
			nl := multi && rng.IntN(3) == 0
			n := rng.IntN(4)
			for j := range n {
				if nl {
					sb.WriteString("\n")
				}
				gap()
				expr(depth+1, multi)
				gap()
				if j < n-1 || rng.IntN(2) == 0 {
					sb.WriteString(",")
				}
			}
			if nl {
				sb.WriteString("\n")
			}
			gap()
			sb.WriteString(close)
		case 6, 7, 8:
			sb.WriteString("{")
			nl := multi && rng.IntN(2) == 0
			n := rng.IntN(3)
			for j := range n {
				if nl {
					sb.WriteString("\n")
				}
				gap()
				if rng.IntN(3) == 0 {
					sb.WriteString(`"quoted-key"`)
				} else {
					sb.WriteString(ident())
				}
				gap()
				sb.WriteString("=")
				gap()
				expr(depth+1, multi)
				if !nl && j < n-1 {
					sb.WriteString(",")
				}
			}
			if nl {
				sb.WriteString("\n")
			}
			gap()
			sb.WriteString("}")
		}
	}
	var body func(depth int)
	body = func(depth int) {
		for range rng.IntN(6) {
			for range rng.IntN(3) {
				gap()
			}
			if rng.IntN(5) == 0 {
				sb.WriteString("\n")
				continue
			}
			if depth < 3 && rng.IntN(4) == 0 {
				sb.WriteString(ident())
				gap()
				if rng.IntN(2) == 0 {
					sb.WriteString(`"label"`)
					gap()
				}
				sb.WriteString("{\n")
				body(depth + 1)
				gap()
				sb.WriteString("}\n")
				continue
			}
			sb.WriteString(ident())
			gap()
			sb.WriteString("=")
			gap()
			expr(0, true)
			gap()
			sb.WriteString("\n")
		}
	}
	sb.WriteString(`resource "aws_s3_bucket" "b" {` + "\n")
	body(1)
	sb.WriteString("}")
	if rng.IntN(2) == 0 {
		sb.WriteString("\n")
	}
	if rng.IntN(4) == 0 {
		sb.WriteString("  ")
	}
	return sb.String()
}

// FuzzFormatPlain checks formatPlain against hclwrite.Format on any input
// it accepts.
func FuzzFormatPlain(f *testing.F) {
	for _, s := range []string{
		"a = 1\n", "a {\n  b = 2\n  cc = 3\n}\n", `x = { a = 1, "b" = [1, 2] }` + "\n",
		"a = f(x)[0]\nb=[\n1,\n2]\n", "a={}\nb=[]\nc=f()\n", "}\n}\n{{\n", "x = in in in\n",
		`a = "x-${y}-%{if z}w%{endif}"` + "\n", "a = b ? -1 : c - 2\n", "a = [for x in y : -x if !x]\n",
		`a = "$${x}$$${y}%%{z}$%{w}$"` + "\n", `a = "a\"b${"c"}${~ {d=1} ~}"` + "\n", "a = 1.2.3 + 1.e5 - 1e+5 * 1. / 1e\n",
		"a = b.0...\nc = d::e:::f\n", "a = b ~} c\n", "x = \"${\n}\"\n", "a = 1 # c\n", "a = <<EOT\nx\nEOT\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		samePlainFormat(t, "fuzz", src)
	})
}
