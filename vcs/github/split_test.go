package github_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/driftfix/driftfix/vcs/github"
)

// lines is n numbered lines of about width bytes each.
func lines(n, width int) string {
	var b strings.Builder
	for i := range n {
		l := fmt.Sprintf("line %04d ", i)
		b.WriteString(l + strings.Repeat("~", max(0, width-len(l)-1)) + "\n")
	}
	return b.String()
}

// details is a collapsed block holding body in a code fence (whose
// opening line may carry an info string, as "```hcl").
func details(summary, fence, body string) string {
	closing := strings.TrimRight(fence, "abcdefghijklmnopqrstuvwxyz ")
	return "<details><summary>" + summary + "</summary>\n\n" + fence + "\n" + body + closing + "\n</details>\n"
}

func TestSplitBody(t *testing.T) {
	plan := lines(40, 60)
	exact := details("Plan", "```", lines(4, 60))
	tests := []struct {
		name  string
		text  string
		limit int
		// want is the exact parts, when given; n their number otherwise.
		want []string
		n    int
		// plain: the parts put together are the text (no block reopened);
		// fenced: each part's code fence holds a piece of this text, and
		// the pieces put together are it.
		plain  bool
		fenced string
		// balanced: every part closes what it opens.
		balanced bool
	}{
		{name: "empty", text: "", limit: 300, want: []string{""}},
		{name: "fits", text: "short\n", limit: 300, want: []string{"short\n"}},
		{name: "exactly the limit stays whole", text: strings.Repeat("a", 255) + "\n", limit: 256, want: []string{strings.Repeat("a", 255) + "\n"}},
		{name: "one past the limit splits", text: strings.Repeat("a", 256) + "\n", limit: 256,
			want: []string{strings.Repeat("a", 256), "\n"}},
		{name: "exactly the limit with a block stays whole", text: exact, limit: len(exact), want: []string{exact}},
		{name: "one past the limit with a block splits", text: exact, limit: len(exact) - 1, n: 2, fenced: lines(4, 60), balanced: true},
		{name: "cut at line ends", text: lines(3, 100), limit: 256, want: []string{lines(3, 100)[:200], lines(3, 100)[200:]}, plain: true},
		{name: "a long line is cut hard at the limit", text: strings.Repeat("a", 3*256+5), limit: 256,
			want: []string{strings.Repeat("a", 256), strings.Repeat("a", 256), strings.Repeat("a", 256), "aaaaa"}},
		{name: "never inside a UTF-8 sequence (2 bytes)", text: strings.Repeat("é", 300), limit: 257, n: 3, plain: true},
		{name: "never inside a UTF-8 sequence (4 bytes)", text: strings.Repeat("😀", 100), limit: 258, n: 2, plain: true},
		{name: "a limit below the floor is raised", text: strings.Repeat("a", 300), limit: 10, want: []string{strings.Repeat("a", 256), strings.Repeat("a", 44)}},
		{name: "plain text over many parts", text: lines(200, 70), limit: 1000, n: 15, plain: true},
		{name: "plan in details and a fence", text: "### plan\n\n**Decision: review**\n\n" + details("Plan output", "```", plan), limit: 600, n: 5, fenced: plan, balanced: true},
		{name: "fence with an info string", text: details("Plan", "```hcl", plan), limit: 700, n: 4, fenced: plan, balanced: true},
		{name: "a longer fence keeps inner backticks as text", text: details("Plan", "````", strings.ReplaceAll(plan, "line 0010", "```")), limit: 700, n: 4,
			fenced: strings.ReplaceAll(plan, "line 0010", "```"), balanced: true},
		{name: "tilde fence", text: "<details><summary>Plan</summary>\n\n~~~\n" + plan + "~~~\n</details>\n", limit: 700, n: 4, fenced: plan, balanced: true},
		{name: "details without a summary", text: "<details>\n\n```\n" + plan + "```\n</details>\n", limit: 700, n: 4, fenced: plan, balanced: true},
		{name: "summary on its own line", text: "<details>\n<summary>Drift</summary>\n\n" + lines(40, 50) + "</details>\n", limit: 500, n: 5, balanced: true},
		{name: "nested details", text: "<details><summary>Outer</summary>\n\n" + lines(5, 40) + details("Inner", "```", plan) + lines(5, 40) + "</details>\n", limit: 700, n: 6, balanced: true},
		{name: "blocks before and after", text: lines(10, 50) + details("Plan", "```", plan) + lines(10, 50) + details("Drift", "```", plan), limit: 900, n: 8, balanced: true},
		{name: "an indented fence is code, not a fence", text: strings.Repeat("    ```\n", 100), limit: 300, plain: true, n: 3},
		{name: "a long line inside a fence", text: details("Plan", "```", strings.Repeat("x", 2000)+"\n"), limit: 400, n: 6, balanced: true},
		{name: "the real size: a 250 KB plan", text: "### plan\n\n" + details("Plan output", "```", lines(2500, 100)), limit: github.MaxBodyChars, n: 4, fenced: lines(2500, 100), balanced: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parts := github.SplitBody(tc.text, tc.limit)
			if tc.want != nil && !slices.Equal(parts, tc.want) {
				t.Fatalf("parts = %q\nwant %q", parts, tc.want)
			}
			if tc.n > 0 && len(parts) != tc.n {
				t.Errorf("%d parts, want %d", len(parts), tc.n)
			}
			for i, p := range parts {
				if len(p) > max(tc.limit, 256) {
					t.Errorf("part %d is %d bytes, more than %d", i+1, len(p), tc.limit)
				}
				if !utf8.ValidString(p) {
					t.Errorf("part %d is not valid UTF-8", i+1)
				}
				if tc.balanced {
					if err := balanced(p); err != nil {
						t.Errorf("part %d: %v\n%s", i+1, err, p)
					}
				}
			}
			if tc.plain && strings.Join(parts, "") != tc.text {
				t.Error("the parts put together are not the text")
			}
			if tc.fenced != "" {
				var got strings.Builder
				for _, p := range parts {
					got.WriteString(fenceContent(p))
				}
				if got.String() != tc.fenced {
					t.Errorf("the fences put together differ:\n%s\nwant\n%s", got.String(), tc.fenced)
				}
			}
			for i, p := range parts[1:] {
				// a reopened block carries its summary, marked continued
				if rest, ok := strings.CutPrefix(p, "<details><summary>"); ok {
					summary, _, _ := strings.Cut(rest, "</summary>")
					base, ok := strings.CutSuffix(summary, " (continued)")
					if !ok || !strings.Contains(tc.text, "<summary>"+base+"</summary>") {
						t.Errorf("part %d reopens with summary %q", i+2, summary)
					}
				}
			}
		})
	}
}

// fenceOpen is the fence a line opens (``` or ~~~, three or more), or "".
func fenceOpen(line string) string {
	l := strings.TrimRight(line, "\n")
	if len(l) < 3 || l[0] != '`' && l[0] != '~' {
		return ""
	}
	n := strings.IndexFunc(l, func(r rune) bool { return r != rune(l[0]) })
	if n < 0 {
		n = len(l)
	}
	if n < 3 {
		return ""
	}
	return l[:n]
}

// balanced says whether a part closes every fence and <details> it opens.
func balanced(part string) error {
	fence, depth := "", 0
	for _, l := range strings.SplitAfter(part, "\n") {
		t := strings.TrimRight(l, "\n")
		switch {
		case fence != "":
			if strings.Trim(t, fence[:1]) == "" && len(t) >= len(fence) {
				fence = ""
			}
		case fenceOpen(l) != "":
			fence = fenceOpen(l)
		default:
			depth += strings.Count(t, "<details") - strings.Count(t, "</details>")
			if depth < 0 {
				return fmt.Errorf("</details> without <details>")
			}
		}
	}
	if fence != "" || depth != 0 {
		return fmt.Errorf("left open: fence %q, %d <details>", fence, depth)
	}
	return nil
}

// fenceContent is what a part's first code fence holds.
func fenceContent(part string) string {
	ls := strings.SplitAfter(part, "\n")
	for i, l := range ls {
		f := fenceOpen(l)
		if f == "" {
			continue
		}
		var b strings.Builder
		for _, c := range ls[i+1:] {
			t := strings.TrimRight(c, "\n")
			if strings.Trim(t, f[:1]) == "" && len(t) >= len(f) {
				return b.String()
			}
			b.WriteString(c)
		}
		return b.String()
	}
	return ""
}

// TestSplitBodyProperties splits many generated texts (seeded, so every
// run is the same): every part is within the limit and valid UTF-8 and
// closes every block it opens, and the text without blocks survives whole.
func TestSplitBodyProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", " ", "é", "😀", "-"}
	textLine := func() string {
		var b strings.Builder
		for range rng.IntN(rng.IntN(900) + 1) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String() + "\n"
	}
	var gen func(depth int) string
	gen = func(depth int) string {
		var b strings.Builder
		for range rng.IntN(8) + 1 {
			switch k := rng.IntN(6); {
			case k == 0 && depth < 3:
				b.WriteString("<details><summary>S" + strconv.Itoa(depth) + "</summary>\n\n" + gen(depth+1) + "</details>\n")
			case k == 1:
				fence := []string{"```", "````", "~~~"}[rng.IntN(3)]
				b.WriteString(fence + "\n")
				for range rng.IntN(30) {
					b.WriteString(textLine())
				}
				b.WriteString(fence + "\n")
			default:
				b.WriteString(textLine())
			}
		}
		return b.String()
	}
	for i := range 400 {
		text := gen(0)
		limit := 256 + rng.IntN(3000)
		parts := github.SplitBody(text, limit)
		for j, p := range parts {
			if len(p) > limit {
				t.Fatalf("text %d: part %d is %d bytes, limit %d", i, j+1, len(p), limit)
			}
			if !utf8.ValidString(p) {
				t.Fatalf("text %d: part %d is not valid UTF-8", i, j+1)
			}
			if err := balanced(p); err != nil {
				t.Fatalf("text %d (limit %d): part %d: %v\n%q", i, limit, j+1, err, p)
			}
		}
		if len(text) <= limit && (len(parts) != 1 || parts[0] != text) {
			t.Fatalf("text %d fits but was split", i)
		}
	}
}
