package github

import (
	"strings"
	"unicode/utf8"
)

// MaxBodyChars is the most a pull request's description or one comment
// holds here: GitHub takes 65,536 characters; the rest is headroom for
// markers. Lengths are counted in bytes, which is never fewer than
// GitHub's characters.
const MaxBodyChars = 65000

// minSplitLimit is the smallest limit SplitBody works with: room for the
// closing and reopening lines of a few nested blocks and some text.
const minSplitLimit = 256

// SplitBody cuts markdown into parts of at most limit bytes (a smaller
// limit than minSplitLimit is raised to it). A text that fits is returned
// whole. Otherwise it is cut at line ends where it can (a longer line is
// cut hard, never inside a UTF-8 sequence), and blocks open at a cut stay
// well formed: a code fence and a <details> block are closed at the end
// of the part and reopened at the start of the next one ("(continued)"
// added to the summary), so a collapsed plan stays one collapsed block in
// every part and the fences' contents, put back together, are the text.
func SplitBody(text string, limit int) []string {
	limit = max(limit, minSplitLimit)
	if len(text) <= limit {
		return []string{text}
	}
	sp := splitter{limit: limit, summaryCap: limit / 8}
	for _, line := range strings.SplitAfter(text, "\n") {
		sp.add(line)
	}
	if sp.cur.Len() > 0 && !sp.fresh {
		sp.parts = append(sp.parts, sp.cur.String())
	}
	return sp.parts
}

// block is a markdown block open at some point of the text: a code fence
// (opener is its opening line, fence its backticks or tildes) or a
// <details> block (fence empty).
type block struct {
	opener, fence string
	summary       string
}

type splitter struct {
	limit, summaryCap int
	parts             []string
	cur               strings.Builder
	fresh             bool // cur holds only what reopens the blocks
	stack             []block
}

// add appends one line (with its newline, if it has one).
func (sp *splitter) add(line string) {
	next := advance(sp.stack, line)
	for {
		endsNL := strings.HasSuffix(line, "\n") || line == "" && endsWithNL(&sp.cur)
		if sp.cur.Len()+len(line)+len(closer(next, endsNL)) <= sp.limit {
			sp.cur.WriteString(line)
			sp.stack, sp.fresh = next, false
			return
		}
		fitsFresh := len(reopen(sp.stack, sp.summaryCap))+len(line)+len(closer(next, endsNL)) <= sp.limit
		if fitsFresh && !sp.fresh && sp.cur.Len() > 0 {
			sp.cut()
			continue
		}
		// The line does not fit even in a fresh part: cut it hard, filling
		// this part up to the limit. Its last byte, and with it the line's
		// change of the open blocks, always goes on to the next part.
		room := sp.limit - sp.cur.Len() - len(closer(sp.stack, false))
		n := min(room, len(line)-1)
		for n > 0 && !utf8.RuneStart(line[n]) {
			n--
		}
		switch {
		case n > 0:
			sp.cur.WriteString(line[:n])
			sp.fresh = false
			line = line[n:]
			sp.cut()
		case !sp.fresh && sp.cur.Len() > 0:
			sp.cut() // no room left in this part
		default:
			// Blocks nested so deep that reopening them leaves no room:
			// give up their structure rather than the limit.
			sp.cur.Reset()
			sp.stack, next, sp.fresh = nil, advance(nil, line), false
		}
	}
}

// cut closes the open blocks, ends the part and starts the next one with
// the blocks reopened.
func (sp *splitter) cut() {
	sp.cur.WriteString(closer(sp.stack, endsWithNL(&sp.cur)))
	sp.parts = append(sp.parts, sp.cur.String())
	sp.cur.Reset()
	sp.cur.WriteString(reopen(sp.stack, sp.summaryCap))
	sp.fresh = true
}

func endsWithNL(b *strings.Builder) bool {
	s := b.String()
	return s == "" || strings.HasSuffix(s, "\n")
}

// closer is what closes the open blocks, innermost first; endsNL says
// whether the text before it ends a line.
func closer(stack []block, endsNL bool) string {
	if len(stack) == 0 {
		return ""
	}
	var b strings.Builder
	if !endsNL {
		b.WriteByte('\n')
	}
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].fence != "" {
			b.WriteString(stack[i].fence + "\n")
		} else {
			b.WriteString("</details>\n")
		}
	}
	return b.String()
}

// reopen is what opens the blocks again, outermost first.
func reopen(stack []block, summaryCap int) string {
	var b strings.Builder
	for _, bl := range stack {
		switch {
		case bl.fence != "":
			b.WriteString(bl.opener + "\n")
		case bl.summary != "":
			s := bl.summary
			if len(s) > summaryCap {
				n := summaryCap
				for n > 0 && !utf8.RuneStart(s[n]) {
					n--
				}
				s = s[:n] + "…"
			}
			b.WriteString("<details><summary>" + s + " (continued)</summary>\n\n")
		default:
			b.WriteString("<details>\n\n")
		}
	}
	return b.String()
}

// advance is the open blocks after line.
func advance(stack []block, line string) []block {
	trimmed := strings.TrimRight(line, " \t\r\n")
	indented := strings.TrimLeft(trimmed, " ")
	if len(trimmed)-len(indented) > 3 {
		indented = "" // an indented code line, not a fence
	}
	if n := len(stack); n > 0 && stack[n-1].fence != "" {
		f := stack[n-1].fence
		if len(indented) >= len(f) && strings.Trim(indented, f[:1]) == "" {
			return stack[: n-1 : n-1]
		}
		return stack
	}
	if f := fenceOf(indented); f != "" {
		return append(stack[:len(stack):len(stack)], block{opener: indented, fence: f})
	}
	// <details> tags, in the order they appear on the line
	rest := line
	for {
		lower := strings.ToLower(rest)
		open, close := strings.Index(lower, "<details"), strings.Index(lower, "</details>")
		switch {
		case open >= 0 && (close < 0 || open < close):
			summary := ""
			if s, ok := between(rest[open:], "<summary>", "</summary>"); ok {
				summary = s
			}
			stack = append(stack[:len(stack):len(stack)], block{summary: summary})
			rest = rest[open+len("<details"):]
		case close >= 0:
			if n := len(stack); n > 0 && stack[n-1].fence == "" {
				stack = stack[: n-1 : n-1]
			}
			rest = rest[close+len("</details>"):]
		default:
			if n := len(stack); n > 0 && stack[n-1].fence == "" && stack[n-1].summary == "" {
				if s, ok := between(line, "<summary>", "</summary>"); ok {
					stack = append(stack[:n-1:n-1], block{summary: s})
				}
			}
			return stack
		}
	}
}

// fenceOf is the fence a line opens (three or more backticks or tildes),
// or "".
func fenceOf(s string) string {
	if len(s) < 3 || (s[0] != '`' && s[0] != '~') {
		return ""
	}
	n := 0
	for n < len(s) && s[n] == s[0] {
		n++
	}
	if n < 3 || s[0] == '`' && strings.Contains(s[n:], "`") {
		return ""
	}
	return s[:n]
}

// between is the text between the first open and the close after it.
func between(s, open, close string) (string, bool) {
	i := strings.Index(s, open)
	if i < 0 {
		return "", false
	}
	s = s[i+len(open):]
	j := strings.Index(s, close)
	if j < 0 {
		return "", false
	}
	return s[:j], true
}
