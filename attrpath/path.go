// Package attrpath is driftfix's one vocabulary for attribute paths in
// Terraform's plan-JSON form — tags.env, tags["cost-center"],
// ingress[0].cidr_blocks[1], block_device_mappings[*].ebs[0].encrypted —
// and for the differences between two decoded JSON values, reported at
// such paths. It parses paths, prints them, orders them, matches them
// against patterns, and diffs values (Diff). It imports only the standard
// library.
package attrpath

import (
	"cmp"
	"strconv"
	"strings"
)

// Kind is what a step of a path selects.
type Kind uint8

const (
	// KeyStep selects an attribute of an object or a key of a map.
	KeyStep Kind = iota
	// IndexStep selects one element of a list.
	IndexStep
	// AnyIndexStep ([*]) stands for every element of a list: patterns only.
	AnyIndexStep
)

// Step is one step of a path.
type Step struct {
	Kind  Kind
	Key   string // the attribute or map key of a KeyStep
	Index int    // the list index of an IndexStep
}

// Key is the step to attribute or map key k.
func Key(k string) Step { return Step{Kind: KeyStep, Key: k} }

// Index is the step to list element i.
func Index(i int) Step { return Step{Kind: IndexStep, Index: i} }

// AnyIndex is the step [*], any element of a list.
func AnyIndex() Step { return Step{Kind: AnyIndexStep} }

// Path is a sequence of steps from a resource's attributes to a value. The
// empty path is the resource (or the value) itself.
type Path []Step

// With returns p followed by steps, never sharing p's backing array, so
// that sibling paths built from one parent stay apart.
func (p Path) With(steps ...Step) Path {
	return append(p[:len(p):len(p)], steps...)
}

// String prints p in plan-JSON form: keys that are identifiers after a dot
// (tags.env), other keys quoted in brackets (tags["cost-center"]), indexes
// in brackets (rule[0]) and [*]. Parse reads it back.
func (p Path) String() string {
	var b strings.Builder
	for _, s := range p {
		switch s.Kind {
		case IndexStep:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.Index))
			b.WriteByte(']')
		case AnyIndexStep:
			b.WriteString("[*]")
		default:
			if isIdent(s.Key) {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(s.Key)
			} else {
				b.WriteByte('[')
				b.WriteString(strconv.Quote(s.Key))
				b.WriteByte(']')
			}
		}
	}
	return b.String()
}

// Dotted prints p with every key after a dot, unquoted, whatever it holds:
// tags["cost-center"] is tags.cost-center. It is how people write paths
// by hand (.driftfixignore); Parse cannot always read it back.
func (p Path) Dotted() string {
	var b strings.Builder
	for _, s := range p {
		switch s.Kind {
		case IndexStep:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.Index))
			b.WriteByte(']')
		case AnyIndexStep:
			b.WriteString("[*]")
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.Key)
		}
	}
	return b.String()
}

// Names returns p's attribute names and map keys, without its list
// indexes: metadata_options[0].http_tokens → [metadata_options
// http_tokens]. Patterns (PrefixMatch) compare paths by their names.
func (p Path) Names() []string {
	var out []string
	for _, s := range p {
		if s.Kind == KeyStep {
			out = append(out, s.Key)
		}
	}
	return out
}

// Name returns the key of p's last key step: the attribute a value, or a
// list element, belongs to. It is "" when p has no key step.
func (p Path) Name() string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i].Kind == KeyStep {
			return p[i].Key
		}
	}
	return ""
}

// InList reports whether p ends at a list element ([i] or [*]).
func (p Path) InList() bool {
	return len(p) > 0 && p[len(p)-1].Kind != KeyStep
}

// Compare orders paths step by step: at each step an index before [*]
// before a key, indexes by number (ingress[2] before ingress[10]) and keys
// by text (tags before tags_all); a path before the longer paths it starts.
func Compare(a, b Path) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := a[i], b[i]
		if x.Kind != y.Kind {
			return cmp.Compare(kindRank(x.Kind), kindRank(y.Kind))
		}
		switch x.Kind {
		case IndexStep:
			if c := cmp.Compare(x.Index, y.Index); c != 0 {
				return c
			}
		case KeyStep:
			if c := strings.Compare(x.Key, y.Key); c != 0 {
				return c
			}
		}
	}
	return cmp.Compare(len(a), len(b))
}

func kindRank(k Kind) int {
	switch k {
	case IndexStep:
		return 0
	case AnyIndexStep:
		return 1
	}
	return 2
}

// isIdent reports whether s is printed bare after a dot: a letter or _,
// then letters, digits and _ (ASCII).
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
