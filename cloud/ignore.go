package cloud

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/driftfix/driftfix/attrpath"
)

// IgnoreFile is the name of the drift ignore file at a project's root.
const IgnoreFile = ".driftfixignore"

// Ignore is a parsed .driftfixignore: drift to leave out of reports.
//
// One pattern a line; blank lines and lines starting with # are skipped,
// and " #" starts a comment after a pattern. A pattern is
//
//	type.id             the whole resource (every kind of drift)
//	type.id.attribute   changes at that attribute path or below it
//
// where the attribute is a plan-JSON path prefix (tags, tags.env,
// tags["cost-center"] or tags.cost-center, ingress[0]), matched at path
// segment boundaries: tags matches tags.env but not tags_all. A * in any
// part matches any run of characters, dots included (IDs such as bucket
// names may hold dots): aws_instance.*, *.*.tags_all. A pattern starting
// with ! re-includes what earlier patterns ignored; as in .gitignore the
// last matching pattern wins.
type Ignore struct {
	rules []ignoreRule
}

type ignoreRule struct {
	negate bool
	typ    string // glob over the resource type (types hold no dots)
	rest   string // glob over "id" or "id.path"
	source string // file:line, for messages
}

// ParseIgnore reads ignore patterns from r; errors name filename:line.
func ParseIgnore(r io.Reader, filename string) (*Ignore, error) {
	ig := &Ignore{}
	var errs []error
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if i := strings.Index(text, " #"); i >= 0 {
			text = strings.TrimSpace(text[:i])
		} else if i := strings.Index(text, "\t#"); i >= 0 {
			text = strings.TrimSpace(text[:i])
		}
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		rule, err := parseIgnoreLine(text)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", filename, line, err))
			continue
		}
		rule.source = fmt.Sprintf("%s:%d", filename, line)
		ig.rules = append(ig.rules, rule)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s:%d: %w", filename, line+1, err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return ig, nil
}

func parseIgnoreLine(text string) (ignoreRule, error) {
	var r ignoreRule
	pat := text
	if strings.HasPrefix(pat, "!") {
		r.negate = true
		pat = strings.TrimSpace(pat[1:])
		if pat == "" {
			return r, fmt.Errorf("! with no pattern")
		}
	}
	if strings.ContainsAny(pat, " \t") {
		return r, fmt.Errorf("pattern %q holds a space; want type.id or type.id.attribute", pat)
	}
	typ, rest, ok := strings.Cut(pat, ".")
	if !ok || typ == "" || rest == "" {
		return r, fmt.Errorf("pattern %q: want type.id or type.id.attribute", pat)
	}
	if strings.HasSuffix(rest, ".") || strings.HasPrefix(rest, ".") || strings.Contains(rest, "..") {
		return r, fmt.Errorf("pattern %q has an empty part", pat)
	}
	for _, c := range typ {
		if !(c == '*' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return r, fmt.Errorf("pattern %q: %q is not a resource type", pat, typ)
		}
	}
	r.typ, r.rest = typ, rest
	return r, nil
}

// Resource reports whether the whole resource typ/id is ignored (by a
// type.id pattern). A nil Ignore ignores nothing.
func (ig *Ignore) Resource(typ, id string) bool {
	if ig == nil {
		return false
	}
	ignored := false
	for _, r := range ig.rules {
		if attrpath.Glob(r.typ, typ) && attrpath.Glob(r.rest, id) {
			ignored = !r.negate
		}
	}
	return ignored
}

// Change reports whether a change at path (plan-JSON form) of resource
// typ/id is ignored: by a pattern for the resource or for a prefix of path.
func (ig *Ignore) Change(typ, id, path string) bool {
	if ig == nil {
		return false
	}
	cands := []string{id}
	for _, p := range pathPrefixes(path) {
		cands = append(cands, id+"."+p)
	}
	ignored := false
	for _, r := range ig.rules {
		if !attrpath.Glob(r.typ, typ) {
			continue
		}
		for _, c := range cands {
			if attrpath.Glob(r.rest, c) {
				ignored = !r.negate
				break
			}
		}
	}
	return ignored
}

// filter drops the ignored changes.
func (ig *Ignore) filter(typ, id string, changes []Change) []Change {
	if ig == nil {
		return changes
	}
	var out []Change
	for _, c := range changes {
		if !ig.Change(typ, id, c.Path) {
			out = append(out, c)
		}
	}
	return out
}

// pathPrefixes lists the prefixes of a plan-JSON path at segment
// boundaries, each in plan-JSON form and, where a key is quoted, also with
// dots: tags["cost-center"] → tags, tags["cost-center"], tags.cost-center.
func pathPrefixes(path string) []string {
	p, err := attrpath.Parse(path)
	if err != nil {
		return []string{path}
	}
	var out []string
	for i := 1; i <= len(p); i++ {
		s := p[:i].String()
		out = append(out, s)
		if d := p[:i].Dotted(); d != s {
			out = append(out, d)
		}
	}
	return out
}
