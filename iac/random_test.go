package iac

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// hclGen writes random, valid configuration in many layouts: LF or CRLF,
// two spaces, four spaces or tabs, one-line and empty blocks, comments,
// blank lines, heredocs, with or without a final newline.
type hclGen struct {
	rng  *rand.Rand
	nl   string
	unit string
	sb   strings.Builder
}

var genValues = []string{
	`1`, `"x"`, `true`, `null`, `["a", "b"]`, `{ k = "v" }`, `var.x`, `aws_s3_bucket.b0.id`,
	"{\n%[1]sa = 1\n%[1]sbb = 2\n}",
	"[\n%[1]s\"a\",\n%[1]s\"b\",\n]",
	"<<EOT\nbody\n  indented\nEOT",
	"<<-EOT\n%[1]s{\"a\": 1}\n%[1]sEOT",
	"jsonencode({\n%[1]sVersion = \"2012-10-17\"\n})",
}

func (g *hclGen) line(indent, s string) {
	g.sb.WriteString(indent + strings.ReplaceAll(s, "\n", g.nl) + g.nl)
}

func (g *hclGen) comment() string {
	return []string{"# c", "// c", "/* c */"}[g.rng.Intn(3)]
}

func (g *hclGen) value(indent string) string {
	v := genValues[g.rng.Intn(len(genValues))]
	if strings.Contains(v, "%[1]s") {
		v = fmt.Sprintf(v, indent+g.unit)
		// continuation lines (not heredoc bodies) close at the attribute's indentation
		lines := strings.Split(v, "\n")
		for i := 1; i < len(lines); i++ {
			if lines[i] == "}" || lines[i] == "]" || lines[i] == "})" {
				lines[i] = indent + lines[i]
			}
		}
		v = strings.Join(lines, "\n")
	}
	return v
}

func (g *hclGen) body(indent string, depth int) {
	n := g.rng.Intn(6)
	for i := 0; i < n; i++ {
		switch k := g.rng.Intn(7); {
		case k < 3:
			name := fmt.Sprintf("a%d", i)
			s := name + []string{" = ", " = ", "   =  "}[g.rng.Intn(3)] + g.value(indent)
			if g.rng.Intn(3) == 0 && !strings.Contains(s, "<<") {
				s += " " + g.comment()
			}
			g.line(indent, s)
		case k == 3:
			g.line(indent, g.comment())
		case k == 4:
			g.sb.WriteString(g.nl)
		default:
			if depth < 2 {
				g.block(indent, fmt.Sprintf("nested%d", g.rng.Intn(2)), "", depth+1)
			}
		}
	}
}

func (g *hclGen) block(indent, typ, labels string, depth int) {
	head := typ + labels
	switch g.rng.Intn(4) {
	case 0:
		g.line(indent, head+" {}")
	case 1:
		g.line(indent, head+" { x = "+[]string{"1", `"s"`, "[1]"}[g.rng.Intn(3)]+" }")
	default:
		g.line(indent, head+" {")
		g.body(indent+g.unit, depth)
		g.line(indent, "}")
	}
}

func (g *hclGen) file() string {
	g.nl = []string{"\n", "\r\n"}[g.rng.Intn(2)]
	g.unit = []string{"  ", "    ", "\t"}[g.rng.Intn(3)]
	n := 1 + g.rng.Intn(4)
	for i := 0; i < n; i++ {
		if i > 0 && g.rng.Intn(3) > 0 {
			g.sb.WriteString(g.nl)
		}
		g.block("", "resource", fmt.Sprintf(` "aws_s3_bucket" "b%d"`, i), 0)
	}
	s := g.sb.String()
	if g.rng.Intn(4) == 0 {
		s = strings.TrimSuffix(s, g.nl)
	}
	if g.rng.Intn(3) == 0 {
		s = string(hclwrite.Format([]byte(s)))
	}
	return s
}

// TestRandomEdits generates valid files in many layouts, edits them at
// random and checks what the editor promises: the edits apply (the result
// parses), changes stay local, canonical files stay canonical, the bytes
// before the first edit of a non-canonical file are kept, CRLF files get
// CRLF lines, and every new attribute and block is in the output.
func TestRandomEdits(t *testing.T) {
	iterations := 2000
	if testing.Short() {
		iterations = 300
	}
	changedFiles, canonicalFiles, edits := 0, 0, 0
	defer func() {
		t.Logf("%d files, %d changed (%d canonical), %d edits", iterations, changedFiles, canonicalFiles, edits)
	}()
	for i := 0; i < iterations; i++ {
		seed := int64(i)
		rng := rand.New(rand.NewSource(seed))
		g := &hclGen{rng: rng}
		src := g.file()
		if _, diags := hclsyntax.ParseConfig([]byte(src), "main.tf", hcl.InitialPos); diags.HasErrors() {
			t.Fatalf("seed %d: the generator wrote invalid HCL: %s\n%s", seed, diags, src)
		}
		m := Load(context.Background(), fstest.MapFS{"main.tf": {Data: []byte(src)}}, ".")
		ed := NewEditor(m)
		claims, log := randomEdits(rng, m, ed, 1+rng.Intn(4))
		out, err := ed.Apply()
		report := func(format string, args ...any) {
			t.Errorf("seed %d: "+format+"\nedits: %s\nsource:\n%s\nsource %q\noutput %q", append(append([]any{seed}, args...), strings.Join(log, "; "), src, src, out["main.tf"])...)
		}
		if err != nil {
			report("Apply: %v", err)
			continue
		}
		edits += len(claims)
		data, changed := out["main.tf"]
		if !changed {
			continue
		}
		changedFiles++
		if IsCanonical([]byte(src)) {
			canonicalFiles++
		}
		for _, ch := range changedLines([]byte(src), data) {
			if !claimed(claims, "main.tf", ch) {
				report("lines %d-%d changed outside the edited blocks %v", ch[0], ch[1], claims)
			}
		}
		canonical := IsCanonical([]byte(src))
		if canonical && !IsCanonical(data) {
			report("canonical input, non-canonical output")
		}
		if !canonical {
			first := keptBefore([]byte(src), ed.edits["main.tf"])
			if !bytes.Equal(data[:first], []byte(src[:first])) {
				report("bytes before the first edit (%d) changed", first)
			}
		}
		if nl := newline([]byte(src)); nl == "\r\n" && bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
			report("a CRLF file got LF lines")
		}
		m2 := Load(context.Background(), fstest.MapFS{"main.tf": {Data: data}}, ".")
		if len(m2.Diagnostics) > 0 {
			report("re-load: %s", m2.Diagnostics)
		}
		for _, what := range log {
			var name string
			switch f := strings.Fields(what); f[0] {
			case "add", "block":
				name = f[1]
			case "after":
				name = `"` + strings.Replace(f[1], ".", `" "`, 1) + `"`
			}
			if name != "" && !bytes.Contains(data, []byte(name)) {
				report("%s is not in the output", name)
			}
		}
	}
}

func TestRandomEditsGenerator(t *testing.T) {
	// The generator covers the layouts it claims.
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		src := (&hclGen{rng: rand.New(rand.NewSource(int64(i)))}).file()
		for name, ok := range map[string]bool{
			"crlf":      strings.Contains(src, "\r\n"),
			"tabs":      strings.Contains(src, "\n\t"),
			"4 spaces":  strings.Contains(src, "\n    a"),
			"empty {}":  strings.Contains(src, "{}"),
			"one-line":  strings.Contains(src, "{ x = "),
			"heredoc":   strings.Contains(src, "<<"),
			"no final":  !strings.HasSuffix(src, "\n"),
			"canonical": IsCanonical([]byte(src)),
		} {
			if ok {
				seen[name] = true
			}
		}
	}
	for _, name := range []string{"crlf", "tabs", "4 spaces", "empty {}", "one-line", "heredoc", "no final", "canonical"} {
		if !seen[name] {
			t.Errorf("the generator never writes %s", name)
		}
	}
}

// keptBefore is the offset before which the edits of a non-canonical file
// keep every byte: the first edit's start, or the start of the top-level
// block holding an edit when that block was formatted like terraform fmt
// on its own (it is formatted again after the edit).
func keptBefore(src []byte, edits []edit) int {
	first := len(src)
	f, _ := hclsyntax.ParseConfig(src, "main.tf", hcl.InitialPos)
	body, _ := f.Body.(*hclsyntax.Body)
	for _, e := range edits {
		at := e.start
		if body != nil {
			for _, b := range body.Blocks {
				r := b.Range()
				inside := r.Start.Byte <= e.start && e.end <= r.End.Byte && !(e.start == e.end && (e.start == r.Start.Byte || e.start == r.End.Byte))
				if inside && lineStart(src, r.Start.Byte) == r.Start.Byte && IsCanonical(src[r.Start.Byte:r.End.Byte]) {
					at = r.Start.Byte
				}
			}
		}
		first = min(first, at)
	}
	return first
}
