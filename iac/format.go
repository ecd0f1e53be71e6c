package iac

import (
	"bytes"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// IsCanonical reports whether src is already formatted like terraform fmt.
func IsCanonical(src []byte) bool {
	return bytes.Equal(formatHCL(src), src)
}

// formatHCL returns hclwrite.Format(src), the layout terraform fmt gives.
// What a fix formats — the blocks it edits, the blocks it adds — rarely
// holds a comment or a heredoc: formatPlain lays such text out itself,
// byte for byte as hclwrite does (tests compare the two on the testdata,
// on generated text and by fuzzing), several times faster and without
// hclwrite's garbage (its scanner's tokens are 96 bytes, and it counts the
// columns of every aligned token with a fresh 4 KiB scanner). Anything
// else goes to hclwrite.
func formatHCL(src []byte) []byte {
	if out, ok := formatPlain(src); ok {
		return out
	}
	return hclwrite.Format(src)
}

// plainLine is one line of tokens, toks[start:end] (its newline
// included): the lead, toks[start:eq], holds the tokens before an
// attribute's "=", and the assign cell, toks[eq:end], the "=" and the rest,
// when the value ends on that line (its brackets balance); otherwise eq is
// end and all are lead.
type plainLine struct{ start, eq, end int }

func (l plainLine) hasAssign() bool { return l.eq < l.end }

// formatPlain formats src as hclwrite.Format does, when plainLex can
// split it (no comment, heredoc, carriage return or non-ASCII byte); ok
// is false otherwise. The rules are terraform fmt's, for those tokens: each line is
// indented two spaces per bracket level it is nested in (a line that
// closes brackets is indented at the level it closes to); tokens on a line
// are separated by one space but for the exceptions spaceBetween lists;
// and the "=" of consecutive attribute lines (any line whose value ends on
// that line) are aligned one space after the longest name. Space at the
// very end of src is kept.
func formatPlain(src []byte) ([]byte, bool) {
	toks, ok := plainLex(src)
	if !ok {
		return nil, false
	}
	spaces := make([]int, len(toks))

	// Lines, each with its newline; the end of file belongs to none.
	var lines []plainLine
	start := 0
	for i, t := range toks {
		if t.typ == hclsyntax.TokenEOF {
			if start < i {
				lines = append(lines, plainLine{start, i, i})
			}
			if i > 0 {
				spaces[i] = t.start - toks[i-1].end
			} else {
				spaces[i] = t.start
			}
			break
		}
		if t.typ == hclsyntax.TokenNewline {
			lines = append(lines, plainLine{start, i + 1, i + 1})
			start = i + 1
		}
	}
	for li := range lines {
		l := &lines[li]
		for k := l.start + 1; k < l.end; k++ {
			if toks[k].typ == hclsyntax.TokenEqual {
				if netBrackets(toks[k:l.end]) == 0 {
					l.eq = k
				}
				break
			}
		}
	}

	// Indentation.
	var levels []int // the brackets each open level opened
	for _, l := range lines {
		if toks[l.start].typ == hclsyntax.TokenNewline {
			continue
		}
		net := netBrackets(toks[l.start:l.end])
		for closed := -net; closed > 0 && len(levels) > 0; {
			top := &levels[len(levels)-1]
			switch {
			case closed > *top:
				closed -= *top
				levels = levels[:len(levels)-1]
			case closed < *top:
				*top -= closed
				closed = 0
			default:
				levels = levels[:len(levels)-1]
				closed = 0
			}
		}
		spaces[l.start] = 2 * len(levels)
		if net > 0 {
			levels = append(levels, net)
		}
	}

	// Spaces between the tokens of a cell, toks[from:to].
	space := func(from, to int) {
		for k := from; k+1 < to; k++ {
			before := hclsyntax.TokenNil
			if k > from {
				before = toks[k-1].typ
			}
			subject := toks[k]
			if spaceBetween(subject.typ, src[subject.start:subject.end], before, toks[k+1].typ) {
				spaces[k+1] = 1
			} else {
				spaces[k+1] = 0
			}
		}
	}
	for _, l := range lines {
		space(l.start, l.eq)
		if l.hasAssign() {
			spaces[l.eq] = 1
			space(l.eq, l.end)
		}
	}

	// Alignment of "=" over runs of consecutive attribute lines.
	leadColumns := func(l plainLine) int {
		n := 0
		for k := l.start; k < l.eq; k++ {
			n += spaces[k] + toks[k].end - toks[k].start
		}
		return n
	}
	for i := 0; i < len(lines); {
		if !lines[i].hasAssign() {
			i++
			continue
		}
		j, widest := i, 0
		for ; j < len(lines) && lines[j].hasAssign(); j++ {
			widest = max(widest, leadColumns(lines[j]))
		}
		for _, l := range lines[i:j] {
			spaces[l.eq] = widest - leadColumns(l) + 1
		}
		i = j
	}

	out := make([]byte, 0, len(src)+len(src)/8)
	for i, t := range toks {
		for range spaces[i] {
			out = append(out, ' ')
		}
		out = append(out, src[t.start:t.end]...)
	}
	return out, true
}

// bracketChange is +1 for a token that opens a bracket (or a template
// interpolation or directive), -1 for one that closes one.
func bracketChange(t hclsyntax.TokenType) int {
	switch t {
	case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
		return 1
	case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenTemplateSeqEnd:
		return -1
	}
	return 0
}

func netBrackets(toks []plainTok) int {
	n := 0
	for _, t := range toks {
		n += bracketChange(t.typ)
	}
	return n
}

// spaceBetween reports whether terraform fmt puts a space between a token
// of type s (its text subject) and one of type a, s following a token of
// type before (TokenNil at the start of a cell). The first rule that
// applies decides.
func spaceBetween(s hclsyntax.TokenType, subject []byte, before, a hclsyntax.TokenType) bool {
	switch {
	case a == hclsyntax.TokenNewline:
		return false
	case s == hclsyntax.TokenIdent && a == hclsyntax.TokenOParen: // f(
		return false
	case s == hclsyntax.TokenIdent && a == hclsyntax.TokenDoubleColon || s == hclsyntax.TokenDoubleColon && a == hclsyntax.TokenIdent: // provider::p::f
		return false
	case s == hclsyntax.TokenDot || a == hclsyntax.TokenDot:
		return false
	case a == hclsyntax.TokenComma || a == hclsyntax.TokenEllipsis:
		return false
	case s == hclsyntax.TokenComma:
		return true
	case s == hclsyntax.TokenQuotedLit || s == hclsyntax.TokenOQuote || a == hclsyntax.TokenQuotedLit || a == hclsyntax.TokenCQuote:
		return false // inside quotes
	case s == hclsyntax.TokenIdent && string(subject) == "in" && before == hclsyntax.TokenIdent: // for x in [y]
		return true
	case a == hclsyntax.TokenOBrack && (s == hclsyntax.TokenIdent || s == hclsyntax.TokenNumberLit || bracketChange(s) < 0): // x[0], f()[0]
		return false
	case s == hclsyntax.TokenBang:
		return false
	case s == hclsyntax.TokenMinus:
		return !negation(before)
	case s == hclsyntax.TokenOBrace || a == hclsyntax.TokenCBrace:
		return !(s == hclsyntax.TokenOBrace && a == hclsyntax.TokenCBrace) // { a = 1 }, but {}
	case (s == hclsyntax.TokenTemplateInterp || s == hclsyntax.TokenTemplateControl) && a == hclsyntax.TokenOBrace: // ${ {
		return true
	case s == hclsyntax.TokenCBrace && a == hclsyntax.TokenTemplateSeqEnd: // } }
		return true
	case s == hclsyntax.TokenTemplateSeqEnd && (a == hclsyntax.TokenTemplateInterp || a == hclsyntax.TokenTemplateControl): // }${
		return false
	case bracketChange(s) > 0 || bracketChange(a) < 0:
		return false
	}
	return true
}

// negation reports whether a minus after a token of type before is taken
// for a negation (no space after it) rather than a subtraction: at the start,
// or after an opening bracket, a separator or an operator.
func negation(before hclsyntax.TokenType) bool {
	switch before {
	case hclsyntax.TokenNil,
		hclsyntax.TokenOParen, hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenEqual, hclsyntax.TokenColon, hclsyntax.TokenComma, hclsyntax.TokenQuestion,
		hclsyntax.TokenPlus, hclsyntax.TokenStar, hclsyntax.TokenSlash, hclsyntax.TokenPercent, hclsyntax.TokenMinus,
		hclsyntax.TokenEqualOp, hclsyntax.TokenNotEqual, hclsyntax.TokenGreaterThan, hclsyntax.TokenGreaterThanEq, hclsyntax.TokenLessThan, hclsyntax.TokenLessThanEq,
		hclsyntax.TokenAnd, hclsyntax.TokenOr, hclsyntax.TokenBang:
		return true
	}
	return false
}
