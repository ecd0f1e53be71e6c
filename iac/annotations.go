package iac

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Ignore is one inline ignore comment:
//
//	# driftfix:ignore:RULE[:exp:YYYY-MM-DD]
//	#trivy:ignore:AVD-AWS-0089[:exp:YYYY-MM-DD]
//	#tfsec:ignore:aws-s3-enable-bucket-logging[:exp:YYYY-MM-DD]
//	#checkov:skip=CKV_AWS_18:reason
//
// It applies to the block or attribute on the next line (several comment
// lines may be stacked above it) or, as a trailing comment, to its own line.
type Ignore struct {
	Tool    string // driftfix, trivy, tfsec or checkov
	ID      string // the rule ID as written
	Expiry  time.Time
	Reason  string
	Range   hcl.Range
	Applies int // the line it applies to when it is a trailing comment
}

// Expired reports whether the ignore has an expiry date before now's date.
func (ig Ignore) Expired(now time.Time) bool {
	if ig.Expiry.IsZero() {
		return false
	}
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return ig.Expiry.Before(today)
}

var (
	ignoreRE  = regexp.MustCompile(`\b(driftfix|trivy|tfsec):ignore:([A-Za-z0-9_\-.*]+)((?::exp:\d{4}-\d{2}-\d{2})?)`)
	checkovRE = regexp.MustCompile(`\bcheckov:skip=([A-Za-z0-9_]+)(?::([^\r\n]*))?`)
)

// parseIgnores finds the ignore comments of a native-syntax file.
func parseIgnores(src []byte, filename string) []Ignore {
	if !bytes.Contains(src, []byte("ignore:")) && !bytes.Contains(src, []byte("checkov:skip")) {
		return nil
	}
	tokens, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	out, _ := ignoresIn(tokens, 0, nil)
	return out
}

// ignoresIn appends to out the ignore comments among tokens; lastCodeLine
// is the last line that code before the tokens ends on (0: none), and the
// result's second value the last line code among them ends on.
func ignoresIn(tokens hclsyntax.Tokens, lastCodeLine int, out []Ignore) ([]Ignore, int) {
	for _, t := range tokens {
		if t.Type != hclsyntax.TokenComment {
			if t.Type != hclsyntax.TokenNewline && t.Type != hclsyntax.TokenEOF {
				lastCodeLine = t.Range.End.Line
			}
			continue
		}
		text := string(t.Bytes)
		trailing := lastCodeLine == t.Range.Start.Line
		applies := 0
		if trailing {
			applies = t.Range.Start.Line
		}
		for _, m := range ignoreRE.FindAllStringSubmatch(text, -1) {
			ig := Ignore{Tool: m[1], ID: m[2], Range: t.Range, Applies: applies}
			if m[3] != "" {
				if d, err := time.Parse("2006-01-02", strings.TrimPrefix(m[3], ":exp:")); err == nil {
					ig.Expiry = d
				}
			}
			out = append(out, ig)
		}
		for _, m := range checkovRE.FindAllStringSubmatch(text, -1) {
			out = append(out, Ignore{Tool: "checkov", ID: m[1], Reason: strings.TrimSpace(m[2]), Range: t.Range, Applies: applies})
		}
	}
	return out, lastCodeLine
}

// parseIgnoresIn is parseIgnores for a file that parsed into body: it
// lexes only the top-level blocks, and the stretches between them, that
// hold an ignore marker, and not the whole file again. Each block, and each
// stretch between two blocks (comments and blank lines only), lexes alone
// as it does in the file, with its true position; the code before a
// stretch ends on the line of the closing brace before it. A file with
// top-level attributes (not Terraform) is lexed whole.
func parseIgnoresIn(src []byte, filename string, body *hclsyntax.Body) []Ignore {
	if body == nil || len(body.Attributes) > 0 {
		return parseIgnores(src, filename)
	}
	var marks []int // offsets of the markers, in order
	for _, m := range [][]byte{[]byte("ignore:"), []byte("checkov:skip")} {
		for at := 0; ; {
			i := bytes.Index(src[at:], m)
			if i < 0 {
				break
			}
			marks = append(marks, at+i)
			at += i + len(m)
		}
	}
	if len(marks) == 0 {
		return nil
	}
	slices.Sort(marks)
	// The file as segments: the stretch before each block, the block; the
	// stretch after the last one.
	var out []Ignore
	bi, done := 0, -1 // done: the last segment lexed
	blocks := body.Blocks
	for _, at := range marks {
		for bi < len(blocks) && blocks[bi].Range().End.Byte <= at {
			bi++
		}
		// Segment 2*bi is the stretch before block bi, 2*bi+1 the block.
		seg, start, end, lastCode := 2*bi, 0, len(src), 0
		pos := hcl.InitialPos
		if bi > 0 {
			prev := blocks[bi-1].Range()
			start, pos, lastCode = prev.End.Byte, prev.End, prev.End.Line
		}
		if bi < len(blocks) {
			r := blocks[bi].Range()
			end = r.Start.Byte
			if at >= r.Start.Byte {
				seg, start, end, pos, lastCode = seg+1, r.Start.Byte, r.End.Byte, r.Start, 0
			}
		}
		if seg == done {
			continue
		}
		done = seg
		tokens, _ := hclsyntax.LexConfig(src[start:end], filename, pos)
		out, _ = ignoresIn(tokens, lastCode, out)
	}
	return out
}

// IgnoresFor returns the ignores that apply to an item starting on line:
// trailing comments on that line, and comments on the lines directly above
// it (a run of comment lines; a blank line or code ends the run).
func (f *File) IgnoresFor(line int) []Ignore {
	if f == nil || len(f.Ignores) == 0 {
		return nil
	}
	x := f.ignoreIdx
	var out []Ignore
	if x != nil {
		for _, i := range x.trailing[line] {
			out = append(out, f.Ignores[i])
		}
	} else {
		for _, ig := range f.Ignores {
			if ig.Applies == line {
				out = append(out, ig)
			}
		}
	}
	// Walk up over comment-only lines.
	lines := f.lines
	if lines == nil {
		lines = lineStarts(f.Src)
	}
	for l := line - 1; l >= 1; l-- {
		text := f.lineText(lines, l)
		trimmed := strings.TrimSpace(text)
		if !(strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, "//") || strings.HasPrefix(trimmed, "/*") || strings.HasPrefix(trimmed, "*")) {
			break
		}
		if x != nil {
			for _, i := range x.covering[l] {
				out = append(out, f.Ignores[i])
			}
			continue
		}
		for _, ig := range f.Ignores {
			if ig.Applies == 0 && ig.Range.Start.Line <= l && ig.Range.End.Line >= l {
				out = append(out, ig)
			}
		}
	}
	return dedupeIgnores(out)
}

func dedupeIgnores(in []Ignore) []Ignore {
	seen := map[string]bool{}
	var out []Ignore
	for _, ig := range in {
		k := ig.Tool + "\x00" + ig.ID + "\x00" + ig.Range.String()
		if !seen[k] {
			seen[k] = true
			out = append(out, ig)
		}
	}
	return out
}

// lineStarts returns the offset of the first byte of every line.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func (f *File) lineText(starts []int, line int) string {
	if line < 1 || line > len(starts) {
		return ""
	}
	s := starts[line-1]
	e := len(f.Src)
	if line < len(starts) {
		e = starts[line] - 1
	}
	return string(f.Src[s:e])
}
