package attrpath

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Parse reads a path in the form String prints: keys after dots or quoted
// in brackets, indexes (0 or more) and [*] in brackets. A dot may not lead,
// trail, double or stand before a bracket, and a bare key must follow a dot
// unless it starts the path. A bare key runs to the next dot or bracket, so
// tags.cost-center is the key cost-center. The empty path is an error.
func Parse(s string) (Path, error) {
	var p Path
	i := 0
	for i < len(s) {
		switch s[i] {
		case '.':
			if i == 0 || i+1 >= len(s) || s[i+1] == '.' || s[i+1] == '[' {
				return nil, fmt.Errorf("path %q: misplaced dot", s)
			}
			i++
		case '[':
			if i+1 < len(s) && s[i+1] == '"' {
				key, n, err := quotedKey(s[i:])
				if err != nil {
					return nil, fmt.Errorf("path %q: %w", s, err)
				}
				p = append(p, Key(key))
				i += n
				continue
			}
			end := strings.IndexByte(s[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("path %q: unterminated index", s)
			}
			inner := s[i+1 : i+end]
			if inner == "*" {
				p = append(p, AnyIndex())
			} else if n, err := strconv.Atoi(inner); err == nil && n >= 0 {
				p = append(p, Index(n))
			} else {
				return nil, fmt.Errorf("path %q: bad index %q", s, inner)
			}
			i += end + 1
		default:
			j := bareEnd(s, i)
			if i > 0 && s[i-1] != '.' {
				return nil, fmt.Errorf("path %q: missing dot before %q", s, s[i:j])
			}
			p = append(p, Key(s[i:j]))
			i = j
		}
	}
	if len(p) == 0 {
		return nil, errors.New("empty path")
	}
	return p, nil
}

// ParseLenient reads a path written by hand (a rule's metadata, a class in
// the configuration) as well as it can, and never fails: stray dots are
// skipped, a bracket holding a Go string literal is a key, one holding an
// integer an index, [*] any index, and one holding anything else a key of
// that text; an unclosed bracket is a key of the rest. Where Parse reads
// a path, ParseLenient reads the same.
func ParseLenient(s string) Path {
	var p Path
	i := 0
	for i < len(s) {
		switch s[i] {
		case '.':
			i++
		case '[':
			if i+1 < len(s) && s[i+1] == '"' {
				if key, n, err := quotedKey(s[i:]); err == nil {
					p = append(p, Key(key))
					i += n
					continue
				}
			}
			end := strings.IndexByte(s[i:], ']')
			if end < 0 {
				return append(p, Key(s[i:]))
			}
			inner := s[i+1 : i+end]
			if inner == "*" {
				p = append(p, AnyIndex())
			} else if k, err := strconv.Unquote(inner); err == nil {
				p = append(p, Key(k))
			} else if n, err := strconv.Atoi(inner); err == nil {
				p = append(p, Index(n))
			} else {
				p = append(p, Key(inner))
			}
			i += end + 1
		default:
			j := bareEnd(s, i)
			p = append(p, Key(s[i:j]))
			i = j
		}
	}
	return p
}

// quotedKey reads a bracketed Go string literal at the start of s
// (["cost-center"]): the key, and how many bytes it took.
func quotedKey(s string) (string, int, error) {
	j := 2
	for j < len(s) && s[j] != '"' {
		if s[j] == '\\' {
			j++
		}
		j++
	}
	if j+1 >= len(s) || s[j+1] != ']' {
		return "", 0, errors.New("unterminated key")
	}
	key, err := strconv.Unquote(s[1 : j+1])
	if err != nil {
		return "", 0, err
	}
	return key, j + 2, nil
}

// bareEnd is where the bare key starting at s[i] ends: at the next dot or
// bracket, or at the end.
func bareEnd(s string, i int) int {
	j := i
	for j < len(s) && s[j] != '.' && s[j] != '[' {
		j++
	}
	return j
}
