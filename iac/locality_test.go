package iac

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/pmezard/go-difflib/difflib"
)

// lineSpan is a range of lines (1-based, inclusive) of one file.
type lineSpan struct {
	file       string
	start, end int
}

var randomExprs = []string{
	`true`, `"x"`, `42`, `["a", "b"]`, `{ a = 1 }`, `var.x`, `null`,
	"jsonencode({\n  Version = \"2012-10-17\"\n})",
	"{\n  a = 1\n  bb = \"two\"\n}",
}

// editableBlocks returns every block of m an editor may edit: resource
// blocks and their nested blocks, except dynamic ones and JSON.
func editableBlocks(m *Module) []*Block {
	var out []*Block
	seen := map[*Block]bool{}
	var walk func(b *Block)
	walk = func(b *Block) {
		if b.Dynamic || b.File == nil || b.File.JSON || seen[b] {
			return
		}
		seen[b] = true
		out = append(out, b)
		for _, c := range b.Blocks {
			walk(c)
		}
	}
	for _, r := range m.Resources {
		walk(r.Block)
	}
	return out
}

// randomEdits records up to n random edits and returns the blocks they claim.
func randomEdits(rng *rand.Rand, m *Module, ed *Editor, n int) ([]lineSpan, []string) {
	blocks := editableBlocks(m)
	if len(blocks) == 0 {
		return nil, nil
	}
	var claims []lineSpan
	var log []string
	for i := 0; i < n; i++ {
		b := blocks[rng.Intn(len(blocks))]
		owner := fmt.Sprintf("rule-%d", rng.Intn(3))
		var err error
		var what string
		switch op := rng.Intn(4); {
		case op == 0 && len(b.Attrs) > 0:
			names := make([]string, 0, len(b.Attrs))
			for n := range b.Attrs {
				names = append(names, n)
			}
			sort.Strings(names)
			name := names[rng.Intn(len(names))]
			expr := randomExprs[rng.Intn(len(randomExprs))]
			what = fmt.Sprintf("set %s = %q", name, expr)
			err = ed.SetAttr(owner, b, name, expr)
		case op <= 1:
			name := fmt.Sprintf("df_new_%d", rng.Intn(5))
			expr := randomExprs[rng.Intn(len(randomExprs))]
			what = fmt.Sprintf("add %s = %q", name, expr)
			err = ed.SetAttr(owner, b, name, expr)
		case op == 2:
			nb := NewBlock{Type: fmt.Sprintf("df_block_%d", rng.Intn(3)), Attrs: []NewAttr{{Name: "a", Expr: randomExprs[rng.Intn(len(randomExprs))]}}}
			if rng.Intn(2) == 0 {
				nb.Blocks = []NewBlock{{Type: "inner", Attrs: []NewAttr{{Name: "b", Expr: "1"}}}}
			}
			what = "block " + nb.Type
			err = ed.AddBlock(owner, b, nb)
		default:
			// A new top-level block after the resource holding b, named
			// after it: two resources of one name would not load.
			top := topBlockOf(m, b)
			if top == nil {
				continue
			}
			b = top
			nb := NewBlock{Type: "resource", Labels: []string{"df_companion", fmt.Sprintf("n%d_%d", b.Range.Start.Line, rng.Intn(3))}, Attrs: []NewAttr{{Name: "x", Expr: "1"}}}
			what = "after " + strings.Join(nb.Labels, ".")
			err = ed.AddBlockAfter(owner, b, nb)
		}
		var ce *ConflictError
		if errors.As(err, &ce) {
			continue
		}
		if err != nil {
			panic(fmt.Sprintf("%s on %s: %v", what, b.Range, err))
		}
		log = append(log, what+" at "+b.Range.String())
		claims = append(claims, lineSpan{b.File.Path, b.Range.Start.Line, b.Range.End.Line})
	}
	return claims, log
}

// topBlockOf returns the resource block that holds b.
func topBlockOf(m *Module, b *Block) *Block {
	for _, r := range m.Resources {
		if r.Block.File == b.File && r.Block.Range.Start.Byte <= b.Range.Start.Byte && b.Range.End.Byte <= r.Block.Range.End.Byte {
			return r.Block
		}
	}
	return nil
}

// changedLines returns, for before → after, the lines of before that were
// changed or deleted, and for pure insertions the two lines around them.
func changedLines(before, after []byte) [][2]int {
	a := splitTestLines(string(before))
	b := splitTestLines(string(after))
	var out [][2]int
	for _, op := range difflib.NewMatcher(a, b).GetOpCodes() {
		switch op.Tag {
		case 'r', 'd':
			out = append(out, [2]int{op.I1 + 1, op.I2})
		case 'i':
			out = append(out, [2]int{op.I1, op.I1 + 1}) // between these lines
		}
	}
	return out
}

// splitTestLines splits s after each newline; the last line may lack one.
func splitTestLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// TestDiffLocality: for random edits on the testdata files, every changed
// line of the output lies in, or next to, a block that an edit claimed.
func TestDiffLocality(t *testing.T) {
	dirs := testdataModules(t)
	iterations := 300
	if testing.Short() {
		iterations = 60
	}
	edits, files := 0, 0
	defer func() { t.Logf("%d edits changed %d files", edits, files) }()
	for i := 0; i < iterations; i++ {
		seed := int64(i)
		rng := rand.New(rand.NewSource(seed))
		dir := dirs[rng.Intn(len(dirs))]
		m := Load(context.Background(), os.DirFS(dir), ".")
		ed := NewEditor(m)
		claims, log := randomEdits(rng, m, ed, 1+rng.Intn(4))
		out, err := ed.Apply()
		edits, files = edits+len(claims), files+len(out)
		if err != nil {
			t.Errorf("seed %d, %s: Apply: %v\nedits: %s", seed, dir, err, strings.Join(log, "; "))
			continue
		}
		for p, data := range out {
			for _, ch := range changedLines(m.Files[p].Src, data) {
				if !claimed(claims, p, ch) {
					t.Errorf("seed %d, %s/%s: lines %d-%d changed outside the edited blocks %v\nedits: %s\n%s",
						seed, dir, p, ch[0], ch[1], claims, strings.Join(log, "; "), data)
				}
			}
		}
	}
}

// claimed reports whether changed lines ch of file p touch a claimed block,
// counting one line either side of it.
func claimed(claims []lineSpan, p string, ch [2]int) bool {
	for _, c := range claims {
		if c.file == p && ch[0] <= c.end+1 && ch[1] >= c.start-1 {
			return true
		}
	}
	return false
}

func TestChangedLines(t *testing.T) {
	before := "a\nb\nc\nd\n"
	for after, want := range map[string][][2]int{
		"a\nb\nc\nd\n":       nil,
		"a\nB\nc\nd\n":       {{2, 2}},
		"a\nb\nx\nc\nd\n":    {{2, 3}},
		"a\nd\n":             {{2, 3}},
		"a\nb\nc\nd\ne\n":    {{4, 5}},
		"z\na\nb\nc\nd\n":    {{0, 1}},
		"a\nb\nc\nd\n\n":     {{4, 5}},
		"a\nb2\nc\nd2\n":     {{2, 2}, {4, 4}},
		"a\nb\nc\nd":         {{4, 4}},
		"a\nb\nc\nd\nx\ny\n": {{4, 5}},
	} {
		got := changedLines([]byte(before), []byte(after))
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q: got %v, want %v", after, got, want)
		}
	}
}
