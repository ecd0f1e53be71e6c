package config

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Helpers that turn raw expressions into values with ranges, and the value
// checks Validate and WithOverrides share. Each check returns a problem as
// a sentence fragment ("must not be empty"), which the caller wraps in a
// diagnostic (file values) or an error (flags).

// errorAt is an error diagnostic about rng.
func errorAt(rng hcl.Range, summary, detail string, args ...any) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(detail, args...), Subject: rng.Ptr()}
}

// warningAt is a warning diagnostic about rng.
func warningAt(rng hcl.Range, summary, detail string, args ...any) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: fmt.Sprintf(detail, args...), Subject: rng.Ptr()}
}

// stringList decodes a list-of-strings attribute, each element with its own
// range. set is false when the attribute is absent. Empty strings are errors.
func stringList(expr hcl.Expression, name string) (refs []Ref, set bool, diags hcl.Diagnostics) {
	if expr == nil {
		return nil, false, nil
	}
	val, diags := expr.Value(nil)
	if diags.HasErrors() {
		return nil, true, diags
	}
	if val.IsNull() {
		return nil, false, nil
	}
	ty := val.Type()
	if !ty.IsListType() && !ty.IsTupleType() && !ty.IsSetType() {
		return nil, true, hcl.Diagnostics{errorAt(expr.Range(), "Incorrect value type",
			"%s must be a list of strings, like [\"a\", \"b\"], not %s.", name, ty.FriendlyName())}
	}
	elems, ediags := hcl.ExprList(expr)
	if ediags.HasErrors() {
		// not written as a literal list: give every element the whole range
		elems = nil
		for it := val.ElementIterator(); it.Next(); {
			_, v := it.Element()
			elems = append(elems, hcl.StaticExpr(v, expr.Range()))
		}
	}
	refs = make([]Ref, 0, len(elems))
	for _, e := range elems {
		v, d := e.Value(nil)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		if v.IsNull() || v.Type() != cty.String {
			diags = append(diags, errorAt(e.Range(), "Incorrect value type",
				"Each element of %s must be a string, not %s.", name, friendly(v)))
			continue
		}
		s := v.AsString()
		if s == "" {
			diags = append(diags, errorAt(e.Range(), "Empty value", "Elements of %s must not be empty.", name))
			continue
		}
		refs = append(refs, Ref{Value: s, Range: e.Range()})
	}
	return refs, true, diags
}

// pair is one key = value entry of a map attribute.
type pair struct {
	Key        string
	KeyRange   hcl.Range
	Value      string
	ValueRange hcl.Range
}

// stringMap decodes a map-of-strings attribute in source order. Numbers and
// bools convert to strings when scalars is true (backend settings such as
// encrypt = true); otherwise values must be strings. Keys must be unique and
// not empty. set is false when the attribute is absent.
func stringMap(expr hcl.Expression, name string, scalars bool) (pairs []pair, set bool, diags hcl.Diagnostics) {
	entries, set, diags := mapEntries(expr, name, `a map of strings, like { key = "value" }`)
	for _, e := range entries {
		v, d := e.Value.Value(nil)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		if scalars && !v.IsNull() && v.Type().IsPrimitiveType() {
			v, _ = convert.Convert(v, cty.String)
		}
		if v.IsNull() || v.Type() != cty.String {
			diags = append(diags, errorAt(e.Value.Range(), "Incorrect value type",
				"The value of %s[%q] must be a string, not %s.", name, e.Key, friendly(v)))
			continue
		}
		pairs = append(pairs, pair{Key: e.Key, KeyRange: e.KeyRange, Value: v.AsString(), ValueRange: e.Value.Range()})
	}
	return pairs, set, diags
}

// entry is one key = expression of a map attribute.
type entry struct {
	Key      string
	KeyRange hcl.Range
	Value    hcl.Expression
}

// mapEntries decodes a map attribute into its entries in source order,
// each with the range of its key and its value expression. Keys must be
// unique (exactly; callers that compare ignoring case check that too) and
// not empty. set is false when the attribute is absent or null.
func mapEntries(expr hcl.Expression, name, want string) (entries []entry, set bool, diags hcl.Diagnostics) {
	if expr == nil {
		return nil, false, nil
	}
	val, diags := expr.Value(nil)
	if diags.HasErrors() {
		return nil, true, diags
	}
	if val.IsNull() {
		return nil, false, nil
	}
	ty := val.Type()
	if !ty.IsObjectType() && !ty.IsMapType() {
		return nil, true, hcl.Diagnostics{errorAt(expr.Range(), "Incorrect value type",
			"%s must be %s, not %s.", name, want, ty.FriendlyName())}
	}
	kvs, mdiags := hcl.ExprMap(expr)
	if mdiags.HasErrors() {
		// not written as a literal map: give every entry the whole range
		kvs = nil
		for it := val.ElementIterator(); it.Next(); {
			k, v := it.Element()
			kvs = append(kvs, hcl.KeyValuePair{Key: hcl.StaticExpr(k, expr.Range()), Value: hcl.StaticExpr(v, expr.Range())})
		}
	}
	seen := map[string]hcl.Range{}
	for _, kv := range kvs {
		k, d := kv.Key.Value(nil)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		k, err := convert.Convert(k, cty.String)
		if err != nil || k.IsNull() {
			diags = append(diags, errorAt(kv.Key.Range(), "Incorrect key type", "Keys of %s must be strings.", name))
			continue
		}
		key := k.AsString()
		if key == "" {
			diags = append(diags, errorAt(kv.Key.Range(), "Empty key", "Keys of %s must not be empty.", name))
			continue
		}
		if first, dup := seen[key]; dup {
			diags = append(diags, errorAt(kv.Key.Range(), "Duplicate key",
				"%s sets %q twice; it was first set at %s.", name, key, first))
			continue
		}
		seen[key] = kv.Key.Range()
		entries = append(entries, entry{Key: key, KeyRange: kv.Key.Range(), Value: kv.Value})
	}
	return entries, true, diags
}

func friendly(v cty.Value) string {
	if v.IsNull() {
		return "null"
	}
	return v.Type().FriendlyName()
}

// duplicates warns about repeated entries of a list attribute.
func duplicates(refs []Ref, name string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	seen := map[string]hcl.Range{}
	for _, r := range refs {
		if first, dup := seen[r.Value]; dup {
			diags = append(diags, warningAt(r.Range, "Duplicate entry", "%s lists %q twice; it is first listed at %s.", name, r.Value, first))
			continue
		}
		seen[r.Value] = r.Range
	}
	return diags
}

func dedupe(refs []Ref) []Ref {
	seen := map[string]bool{}
	var out []Ref
	for _, r := range refs {
		if !seen[r.Value] {
			seen[r.Value] = true
			out = append(out, r)
		}
	}
	return out
}

var (
	nameRE      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	classNameRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	versionRE   = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$`)
	driveRE     = regexp.MustCompile(`^[A-Za-z]:`)
)

// checkName checks a project or environment name: it ends up in lock keys,
// branch names and the run record.
func checkName(s string) string {
	switch {
	case s == "":
		return "must not be empty"
	case !nameRE.MatchString(s):
		return fmt.Sprintf("%q may hold only letters, digits, '_', '.' and '-', and must start with a letter or digit", s)
	}
	return ""
}

func checkClassName(s string) string {
	switch {
	case s == "":
		return "must not be empty"
	case s == "unknown":
		return `"unknown" is reserved for changes outside every class`
	case !classNameRE.MatchString(s):
		return fmt.Sprintf("%q may hold only lowercase letters, digits and single hyphens, like \"test-input\"", s)
	}
	return ""
}

// checkWorkspace applies Terraform's own rule: a workspace name is a valid
// URL path segment.
func checkWorkspace(s string) string {
	if s == "" {
		return "must not be empty"
	}
	if url.PathEscape(s) != s {
		return fmt.Sprintf("%q is not a valid Terraform workspace name (letters, digits, '-', '_', '.')", s)
	}
	return ""
}

func checkVersion(s string) string {
	if !versionRE.MatchString(s) {
		return fmt.Sprintf("must be an exact version like \"1.5.7\", not %q", s)
	}
	return ""
}

// relPath cleans a slash-separated path that must stay inside base (itself
// clean and relative). It returns the cleaned path relative to base, or a
// problem.
func relPath(p, base string) (string, string) {
	switch {
	case p == "":
		return "", "must not be empty"
	case strings.Contains(p, `\`):
		return "", fmt.Sprintf("%q must use forward slashes", p)
	case path.IsAbs(p) || driveRE.MatchString(p):
		return "", fmt.Sprintf("%q must be a relative path", p)
	}
	clean := path.Clean(p)
	if full := path.Join(base, clean); full == ".." || strings.HasPrefix(full, "../") {
		return "", fmt.Sprintf("%q escapes the repository (the directory of driftfix.hcl)", p)
	}
	return clean, ""
}

var (
	risks      = []string{"low", "medium", "high"}
	severities = []string{"low", "medium", "high", "critical"}
)

// orList renders allowed values as `low, medium or high`.
func orList(allowed []string) string {
	if len(allowed) == 1 {
		return allowed[0]
	}
	return strings.Join(allowed[:len(allowed)-1], ", ") + " or " + allowed[len(allowed)-1]
}
