package iac

import "github.com/hashicorp/hcl/v2/hclsyntax"

// plainTok is a token as formatPlain needs it: its kind and its bytes.
type plainTok struct {
	typ        hclsyntax.TokenType
	start, end int
}

// plainLex splits src into tokens exactly as hclsyntax.LexConfig does, for
// the text formatPlain lays out; ok is false for anything else: a comment,
// a heredoc, a tab, a carriage return or a newline inside quotes, a
// non-ASCII byte, and what HCL does not use (&, |, ~, ;, …). It does not
// compute positions (the scanner's costliest part: it counts the columns of
// every token) and its tokens are 24 bytes, not 96.
func plainLex(src []byte) ([]plainTok, bool) {
	toks := make([]plainTok, 0, len(src)/4+1)
	emit := func(t hclsyntax.TokenType, start, end int) {
		toks = append(toks, plainTok{t, start, end})
	}
	// Where the scanner is: in an expression or inside quotes; braces
	// counts the open braces of expressions, and interps the level at
	// which each open ${ or %{ closes.
	inQuotes := []bool{false}
	braces := 0
	var interps []int
	i := 0
	for i < len(src) {
		c := src[i]
		if c >= 0x80 || c == '\r' {
			return nil, false
		}
		if inQuotes[len(inQuotes)-1] {
			switch {
			case c == '"':
				emit(hclsyntax.TokenCQuote, i, i+1)
				inQuotes = inQuotes[:len(inQuotes)-1]
				i++
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == '{':
				end := i + 2
				if end < len(src) && src[end] == '~' {
					end++
				}
				t := hclsyntax.TokenTemplateInterp
				if c == '%' {
					t = hclsyntax.TokenTemplateControl
				}
				emit(t, i, end)
				braces++
				interps = append(interps, braces)
				inQuotes = append(inQuotes, false)
				i = end
			default:
				// Literal text, up to the next quote, template sequence or
				// newline; "$${" and "%%{" are literal.
				start := i
				for i < len(src) {
					c := src[i]
					if c == '"' || c == '\n' || c == '\r' || c >= 0x80 {
						break
					}
					if c == '\\' {
						if i+1 >= len(src) || src[i+1] == '\n' || src[i+1] == '\r' || src[i+1] >= 0x80 {
							return nil, false
						}
						i += 2
						continue
					}
					if c == '$' || c == '%' {
						if i+1 < len(src) && src[i+1] == '{' {
							break
						}
						if i+2 < len(src) && src[i+1] == c && src[i+2] == '{' {
							i += 3
							continue
						}
					}
					i++
				}
				if i == start {
					return nil, false // a newline in quotes, or an end of text
				}
				emit(hclsyntax.TokenQuotedLit, start, i)
			}
			continue
		}
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '\n':
			emit(hclsyntax.TokenNewline, i, i+1)
			i++
		case c == '"':
			emit(hclsyntax.TokenOQuote, i, i+1)
			inQuotes = append(inQuotes, true)
			i++
		case c >= '0' && c <= '9':
			// digit (digit | "." | [eE][+-]?digit)*, not ending in "."
			end, j := i+1, i+1
			for j < len(src) {
				switch d := src[j]; {
				case d >= '0' && d <= '9':
					j++
					end = j
					continue
				case d == '.':
					j++
					continue
				case d == 'e' || d == 'E':
					k := j + 1
					if k < len(src) && (src[k] == '+' || src[k] == '-') {
						k++
					}
					if k < len(src) && src[k] >= '0' && src[k] <= '9' {
						j = k + 1
						end = j
						continue
					}
				}
				break
			}
			emit(hclsyntax.TokenNumberLit, i, end)
			i = end
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
			j := i + 1
			for j < len(src) {
				d := src[j]
				if !(d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z' || d >= '0' && d <= '9' || d == '_' || d == '-') {
					break
				}
				j++
			}
			emit(hclsyntax.TokenIdent, i, j)
			i = j
		case c == '{':
			emit(hclsyntax.TokenOBrace, i, i+1)
			braces++
			i++
		case c == '}' || c == '~' && i+1 < len(src) && src[i+1] == '}':
			end := i + 1
			if c == '~' {
				end++
			}
			if len(interps) > 0 && interps[len(interps)-1] == braces {
				emit(hclsyntax.TokenTemplateSeqEnd, i, end)
				interps = interps[:len(interps)-1]
				inQuotes = inQuotes[:len(inQuotes)-1]
			} else if c == '~' {
				return nil, false
			} else {
				emit(hclsyntax.TokenCBrace, i, end)
			}
			braces--
			i = end
		default:
			t, n := plainOperator(src[i:])
			if n == 0 {
				return nil, false
			}
			emit(t, i, i+n)
			i += n
		}
	}
	if len(inQuotes) > 1 {
		return nil, false // an unterminated quote or template sequence
	}
	emit(hclsyntax.TokenEOF, len(src), len(src))
	return toks, true
}

// plainOperator returns the punctuation token src starts with and its
// length, the longest that matches; 0 for a comment, a heredoc and what
// formatPlain does not lay out.
func plainOperator(src []byte) (hclsyntax.TokenType, int) {
	two := func(b byte) bool { return len(src) > 1 && src[1] == b }
	switch src[0] {
	case '[', ']', '(', ')', ',', '?', '+', '*', '%':
		return hclsyntax.TokenType(src[0]), 1
	case '-':
		return hclsyntax.TokenMinus, 1
	case '.':
		if len(src) > 2 && src[1] == '.' && src[2] == '.' {
			return hclsyntax.TokenEllipsis, 3
		}
		return hclsyntax.TokenDot, 1
	case '/':
		if two('/') || two('*') {
			return 0, 0 // a comment
		}
		return hclsyntax.TokenSlash, 1
	case '=':
		switch {
		case two('='):
			return hclsyntax.TokenEqualOp, 2
		case two('>'):
			return hclsyntax.TokenFatArrow, 2
		}
		return hclsyntax.TokenEqual, 1
	case '!':
		if two('=') {
			return hclsyntax.TokenNotEqual, 2
		}
		return hclsyntax.TokenBang, 1
	case '<':
		switch {
		case two('='):
			return hclsyntax.TokenLessThanEq, 2
		case two('<'):
			return 0, 0 // a heredoc, perhaps
		}
		return hclsyntax.TokenLessThan, 1
	case '>':
		if two('=') {
			return hclsyntax.TokenGreaterThanEq, 2
		}
		return hclsyntax.TokenGreaterThan, 1
	case '&':
		if two('&') {
			return hclsyntax.TokenAnd, 2
		}
	case '|':
		if two('|') {
			return hclsyntax.TokenOr, 2
		}
	case ':':
		if two(':') {
			return hclsyntax.TokenDoubleColon, 2
		}
		return hclsyntax.TokenColon, 1
	}
	return 0, 0
}
