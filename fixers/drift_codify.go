package fixers

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/iac"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// CodifyOwner names codify's edits (in conflicts and messages).
const CodifyOwner = "drift-codify"

// Codified is one live value written into the code.
type Codified struct {
	Address string `json:"address"`
	Path    string `json:"path"`
	Value   any    `json:"value"`
	File    string `json:"file"`
	Line    int    `json:"line"`
}

// CodifySkip is drift that Codify left alone, and why.
type CodifySkip struct {
	Address string `json:"address"` // empty for an unmanaged resource
	Path    string `json:"path,omitempty"`
	Reason  string `json:"reason"`
}

// codifyScalars lists, per resource type, the non-tag attribute paths
// Codify writes (plan-JSON form; [0] is the single nested block).
var codifyScalars = map[string][]string{
	"aws_s3_bucket_versioning":         {"versioning_configuration[0].status"},
	"aws_instance":                     {"metadata_options[0].http_tokens"},
	"aws_kms_key":                      {"enable_key_rotation"},
	"aws_ebs_volume":                   {"size", "type", "iops", "throughput"},
	"aws_db_instance":                  {"deletion_protection", "backup_retention_period"},
	"aws_cloudwatch_log_group":         {"retention_in_days"},
	"aws_s3_bucket_ownership_controls": {"rule[0].object_ownership"},
}

// Codify accepts drift: it rewrites the HCL to the live value, for the
// attributes where that is safe, with the same exact edits as the rules.
//
//   - tags: keys added, changed or removed in the console are set inside a
//     literal tags = { … } object (added when tags is absent); a key whose
//     value is an expression, or a tags value that is not a literal object
//     (a variable, merge(…)), is left alone and reported;
//   - a few scalar attributes per type (codifyScalars), where the code has
//     a literal or nothing (the provider default): S3 versioning status,
//     instance metadata http_tokens, KMS key rotation, EBS size/type/iops/
//     throughput, RDS deletion protection and backup retention, log group
//     retention.
//
// Everything else is skipped with a reason: tags_all (computed), any other
// attribute, sensitive values, resources with count/for_each (one block
// for many instances), in .tf.json files, in module directories several
// calls share, or not found in the code; deleted and unmanaged resources
// (see GenerateImports for the latter).
//
// Codify edits the code of m through ed so that it holds the live values of
// drifts' changes, and reports what it wrote and what it skipped. Nothing is
// written: the caller applies ed.
func Codify(ed *iac.Editor, m *iac.Module, drifts []cloud.Drift) (codified []Codified, skipped []CodifySkip) {
	for _, d := range drifts {
		c, s := codifyDrift(ed, m, d)
		codified = append(codified, c...)
		skipped = append(skipped, s...)
	}
	return codified, skipped
}

func codifyDrift(ed *iac.Editor, m *iac.Module, d cloud.Drift) ([]Codified, []CodifySkip) {
	skipAll := func(reason string) []CodifySkip {
		if len(d.Changes) == 0 {
			return []CodifySkip{{Address: d.Address, Reason: reason}}
		}
		out := make([]CodifySkip, len(d.Changes))
		for i, c := range d.Changes {
			out[i] = CodifySkip{Address: d.Address, Path: c.Path, Reason: reason}
		}
		return out
	}
	switch d.Kind {
	case cloud.Changed:
	case cloud.Deleted:
		return nil, skipAll("deleted outside Terraform: terraform apply re-creates it; to accept the deletion, remove the block and the state entry by hand")
	case cloud.Unmanaged:
		return nil, []CodifySkip{{Reason: fmt.Sprintf("%s %s is not managed by Terraform: review the generated import blocks", d.Type, d.ID)}}
	default:
		return nil, skipAll(fmt.Sprintf("unknown drift kind %q", d.Kind))
	}
	r, reason := codifyResource(m, d.Address)
	if r == nil {
		return nil, skipAll(reason)
	}
	if r.File.JSON {
		return nil, skipAll("the resource is in a .tf.json file, which driftfix does not edit; change it by hand")
	}
	if r.Scope.Callers > 1 {
		return nil, skipAll(fmt.Sprintf("the resource is in module directory %s, which %d module calls share; change it by hand", r.Scope.Dir, r.Scope.Callers))
	}

	var done []Codified
	var skipped []CodifySkip
	skip := func(c cloud.Change, reason string) {
		skipped = append(skipped, CodifySkip{Address: d.Address, Path: c.Path, Reason: reason})
	}
	var tagChanges []codifyTagChange
	for _, c := range d.Changes {
		steps, err := cloud.ParsePath(c.Path)
		switch {
		case err != nil:
			skip(c, err.Error())
		case c.Sensitive || c.Actual == cloud.Redacted || c.Expected == cloud.Redacted:
			skip(c, "the value is sensitive; driftfix does not write it into code")
		case steps[0] == "tags_all":
			skip(c, "tags_all is computed from tags and the provider's default_tags; the matching tags change codifies it, else change default_tags by hand")
		case steps[0] == "tags":
			key, ok := codifyTagKey(steps)
			if !ok {
				skip(c, "only single tag keys are codified (tags.KEY)")
				continue
			}
			tagChanges = append(tagChanges, codifyTagChange{Change: c, key: key})
		case codifyAllowed(d.Type, c.Path):
			if w, why := codifyScalar(ed, r, d.Address, steps, c); why != "" {
				skip(c, why)
			} else {
				done = append(done, w)
			}
		default:
			skip(c, codifyNotAllowed(d.Type))
		}
	}
	if len(tagChanges) > 0 {
		w, s := codifyTags(ed, r, d.Address, tagChanges)
		done = append(done, w...)
		skipped = append(skipped, s...)
	}
	return done, skipped
}

// codifyResource finds the single resource block instance for addr, or
// says why there is none to edit.
func codifyResource(m *iac.Module, addr string) (*iac.Resource, string) {
	base := iac.StripInstanceKeys(addr)
	for _, r := range m.Resources {
		if r.Mode != iac.Managed || r.ConfigAddress() != base {
			continue
		}
		own := r.Type + "." + r.Name
		if mod := addr[:strings.LastIndex(addr, own)]; mod != r.Scope.Prefix() {
			return nil, "the resource is in a module called with count or for_each: its instances share the code; change it by hand"
		}
		if r.Expanded {
			return nil, fmt.Sprintf("the block of %s has count or for_each: its instances share it, so one instance's live value cannot be written into it", base)
		}
		if r.Address() == addr {
			return r, ""
		}
	}
	return nil, fmt.Sprintf("no resource block for %s in the code", addr)
}

func codifyAllowed(typ, path string) bool {
	for _, p := range codifyScalars[typ] {
		if p == path {
			return true
		}
	}
	return false
}

func codifyNotAllowed(typ string) string {
	if ps := codifyScalars[typ]; len(ps) > 0 {
		return fmt.Sprintf("driftfix codifies only tags and %s of %s; change this attribute by hand or revert it with terraform apply", strings.Join(ps, ", "), typ)
	}
	return fmt.Sprintf("driftfix codifies only tags of %s; change this attribute by hand or revert it with terraform apply", typ)
}

// codifyLiteral renders a live scalar as an HCL literal.
func codifyLiteral(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return quote(x), true
	case bool:
		return strconv.FormatBool(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case int:
		return strconv.Itoa(x), true
	}
	return "", false
}

// codifyIsLiteral reports whether expr is a literal value (a number, bool, null
// or a string without interpolation).
func codifyIsLiteral(expr hcl.Expression) bool {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		return true
	case *hclsyntax.TemplateExpr:
		return e.IsStringLiteral()
	}
	return false
}

// codifySameValue reports whether a literal already holds the live value.
func codifySameValue(v cty.Value, live any) bool {
	if v == cty.NilVal || !v.IsWhollyKnown() || v.IsNull() {
		return false
	}
	return cloud.Equivalent("", codifyPlain(v), live)
}

func codifyPlain(v cty.Value) any {
	switch v.Type() {
	case cty.String:
		return v.AsString()
	case cty.Bool:
		return v.True()
	case cty.Number:
		f, _ := v.AsBigFloat().Float64()
		return f
	}
	return nil
}

// codifyExprText is the source of an expression, for messages.
func codifyExprText(src []byte, expr hcl.Expression) string {
	r := expr.Range()
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte >= r.End.Byte {
		return "an expression"
	}
	t := string(src[r.Start.Byte:r.End.Byte])
	if len(t) > 40 || strings.Contains(t, "\n") {
		if call, ok := expr.(*hclsyntax.FunctionCallExpr); ok {
			return call.Name + "(…)"
		}
		return "an expression"
	}
	return t
}

// codifyScalar sets one allowlisted attribute: steps are name or
// block[0].…name.
func codifyScalar(ed *iac.Editor, r *iac.Resource, addr string, steps []any, c cloud.Change) (Codified, string) {
	text, ok := codifyLiteral(c.Actual)
	if !ok {
		if c.Actual == nil {
			return Codified{}, "the attribute has no live value; remove it from the code by hand if that is intended"
		}
		return Codified{}, fmt.Sprintf("the live value %v is not a scalar", c.Actual)
	}
	b := r.Block
	i := 0
	for ; i+1 < len(steps); i += 2 {
		name, _ := steps[i].(string)
		idx, isIdx := steps[i+1].(int)
		if !isIdx || idx != 0 {
			return Codified{}, "only the first nested block is codified"
		}
		nested := b.Nested(name)
		if len(nested) > 1 {
			return Codified{}, fmt.Sprintf("the resource has %d %s blocks; change it by hand", len(nested), name)
		}
		if len(nested) == 0 {
			if b.HasDynamic(name) {
				return Codified{}, fmt.Sprintf("%s is a dynamic block; change it by hand", name)
			}
			// The block is absent: the provider default applies. Add it
			// with the one attribute (only for the last block level).
			if i+3 != len(steps) {
				return Codified{}, fmt.Sprintf("the %s block is absent; add it by hand", name)
			}
			attr, _ := steps[i+2].(string)
			if err := ed.AddBlock(CodifyOwner, b, iac.NewBlock{Type: name, Attrs: []iac.NewAttr{{Name: attr, Expr: text}}}); err != nil {
				return Codified{}, err.Error()
			}
			return Codified{Address: addr, Path: c.Path, Value: c.Actual, File: r.File.Path, Line: b.Range.Start.Line}, ""
		}
		if nested[0].Dynamic {
			return Codified{}, fmt.Sprintf("%s is a dynamic block; change it by hand", name)
		}
		b = nested[0]
	}
	name, _ := steps[len(steps)-1].(string)
	line := b.Range.Start.Line
	if a := b.Attr(name); a != nil {
		if !codifyIsLiteral(a.Expr) {
			return Codified{}, fmt.Sprintf("the value comes from %s, which driftfix does not edit; change it to %s by hand", codifyExprText(r.File.Src, a.Expr), text)
		}
		if codifySameValue(a.Value, c.Actual) {
			return Codified{}, "the code already has the live value (not applied yet?)"
		}
		line = a.Range.Start.Line
	}
	if err := ed.SetAttr(CodifyOwner, b, name, text); err != nil {
		return Codified{}, err.Error()
	}
	return Codified{Address: addr, Path: c.Path, Value: c.Actual, File: r.File.Path, Line: line}, ""
}

type codifyTagChange struct {
	cloud.Change
	key string
}

func codifyTagKey(steps []any) (string, bool) {
	if len(steps) != 2 {
		return "", false
	}
	k, ok := steps[1].(string)
	return k, ok
}

// codifyTags writes the tag changes of one resource with one edit of its
// tags attribute: new keys through AddObjectItems when that is all, else a
// splice of the object's own source (values replaced, lines removed, items
// appended), so that every comment and the layout stay.
func codifyTags(ed *iac.Editor, r *iac.Resource, addr string, changes []codifyTagChange) ([]Codified, []CodifySkip) {
	var done []Codified
	var skipped []CodifySkip
	skip := func(c codifyTagChange, reason string) {
		skipped = append(skipped, CodifySkip{Address: addr, Path: c.Path, Reason: reason})
	}
	skipAll := func(reason string) ([]Codified, []CodifySkip) {
		for _, c := range changes {
			skip(c, reason)
		}
		return nil, skipped
	}
	sort.SliceStable(changes, func(i, j int) bool { return changes[i].key < changes[j].key })
	b := r.Block
	a := b.Attr("tags")
	src := r.File.Src

	// tags absent (or null): write a new map with the added keys.
	if a == nil || !codifyIsObject(a.Expr) {
		if a != nil && !tagsEditable(a) {
			return skipAll(fmt.Sprintf("tags is set by %s, which driftfix does not edit; change it by hand", tagsExprText(r, a.Expr)))
		}
		var items []string
		var adds []codifyTagChange
		for _, c := range changes {
			v, ok := c.Actual.(string)
			switch {
			case c.Actual == nil:
				skip(c, "the code already has the live value (no such tag)")
			case !ok:
				skip(c, fmt.Sprintf("tag value %v is not a string", c.Actual))
			default:
				items = append(items, iac.ObjectKey(c.key)+" = "+quote(v))
				adds = append(adds, c)
			}
		}
		if len(items) == 0 {
			return nil, skipped
		}
		unit := tagsIndentUnit(r)
		expr := "{\n" + unit + strings.Join(items, "\n"+unit) + "\n}"
		if err := ed.SetAttr(CodifyOwner, b, "tags", expr); err != nil {
			return skipAll(err.Error())
		}
		for _, c := range adds {
			done = append(done, Codified{Address: addr, Path: c.Path, Value: c.Actual, File: r.File.Path, Line: b.Range.Start.Line})
		}
		return done, skipped
	}

	obj := a.Expr.(*hclsyntax.ObjectConsExpr)
	index := map[string]int{}
	for i, it := range obj.Items {
		kv, diags := it.KeyExpr.Value(nil)
		if diags.HasErrors() || !kv.IsKnown() || kv.IsNull() || kv.Type() != cty.String {
			return skipAll(fmt.Sprintf("tags has a key computed by %s, which driftfix does not edit; change it by hand", codifyExprText(src, it.KeyExpr)))
		}
		index[kv.AsString()] = i
	}
	sp := codifyTagSplice{src: src, obj: obj, attr: a, replace: map[int]string{}, remove: map[int]bool{}}
	var accepted []codifyTagChange
	for _, c := range changes {
		i, inCode := index[c.key]
		if c.Actual == nil {
			if !inCode {
				skip(c, "the code already has the live value (no such tag)")
				continue
			}
			if why := sp.canRemove(i); why != "" {
				skip(c, why)
				continue
			}
			sp.remove[i] = true
			accepted = append(accepted, c)
			continue
		}
		v, ok := c.Actual.(string)
		if !ok {
			skip(c, fmt.Sprintf("tag value %v is not a string", c.Actual))
			continue
		}
		if !inCode {
			sp.add = append(sp.add, iac.NewAttr{Name: tagsKeyText(obj, c.key), Expr: quote(v)})
			accepted = append(accepted, c)
			continue
		}
		val := obj.Items[i].ValueExpr
		if !codifyIsLiteral(val) {
			skip(c, fmt.Sprintf("the value comes from %s, which driftfix does not edit; change it to %s by hand", codifyExprText(src, val), quote(v)))
			continue
		}
		if cv, diags := val.Value(nil); !diags.HasErrors() && codifySameValue(cv, v) {
			skip(c, "the code already has the live value (not applied yet?)")
			continue
		}
		sp.replace[i] = quote(v)
		accepted = append(accepted, c)
	}
	if len(accepted) == 0 {
		return nil, skipped
	}
	var err error
	if len(sp.replace) == 0 && len(sp.remove) == 0 {
		err = ed.AddObjectItems(CodifyOwner, a, sp.add)
	} else {
		var text string
		text, err = sp.text()
		if err == nil {
			err = ed.SetAttr(CodifyOwner, b, "tags", text)
		}
	}
	if err != nil {
		var ce *iac.ConflictError
		reason := err.Error()
		if errors.As(err, &ce) {
			reason = "another edit changes these tags: " + reason
		}
		for _, c := range accepted {
			skip(c, reason)
		}
		return nil, skipped
	}
	for _, c := range accepted {
		line := a.Range.Start.Line
		if i, ok := index[c.key]; ok {
			line = obj.Items[i].KeyExpr.Range().Start.Line
		}
		done = append(done, Codified{Address: addr, Path: c.Path, Value: c.Actual, File: r.File.Path, Line: line})
	}
	return done, skipped
}

func codifyIsObject(expr hcl.Expression) bool {
	_, ok := expr.(*hclsyntax.ObjectConsExpr)
	return ok
}

// codifyTagSplice rewrites a literal object's source: values replaced, items
// removed, items added at the end.
type codifyTagSplice struct {
	src     []byte
	obj     *hclsyntax.ObjectConsExpr
	attr    *iac.Attr
	replace map[int]string // item index -> new value source
	remove  map[int]bool
	add     []iac.NewAttr
}

func (s *codifyTagSplice) oneLine() bool {
	r := s.obj.SrcRange
	return !bytes.Contains(s.src[r.Start.Byte:r.End.Byte], []byte("\n"))
}

// canRemove says why item i cannot be removed ("" when it can): in a
// multi-line object the item must have its lines to itself, so that no
// comment goes with it; a one-line object must hold no comment.
func (s *codifyTagSplice) canRemove(i int) string {
	it := s.obj.Items[i]
	start, end := it.KeyExpr.Range().Start.Byte, it.ValueExpr.Range().End.Byte
	if s.oneLine() {
		if codifyHasComment(s.src[s.obj.SrcRange.Start.Byte:s.obj.SrcRange.End.Byte]) {
			return "the one-line tags object holds a comment; remove the tag by hand"
		}
		return ""
	}
	ls := codifyLineStart(s.src, start)
	le := codifyLineEnd(s.src, end)
	before := strings.TrimSpace(string(s.src[ls:start]))
	after := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(string(s.src[end:le])), ","))
	if before != "" || after != "" {
		return "the tag shares its line with other text (a comment or another item); remove it by hand"
	}
	return ""
}

func codifyHasComment(src []byte) bool {
	toks, _ := hclsyntax.LexExpression(src, "tags", hcl.InitialPos)
	for _, t := range toks {
		if t.Type == hclsyntax.TokenComment {
			return true
		}
	}
	return false
}

// text renders the new object source.
func (s *codifyTagSplice) text() (string, error) {
	src := s.src
	obj := s.obj
	start, end := obj.SrcRange.Start.Byte, obj.SrcRange.End.Byte
	itemText := func(i int) string {
		it := obj.Items[i]
		ks, vs, ve := it.KeyExpr.Range().Start.Byte, it.ValueExpr.Range().Start.Byte, it.ValueExpr.Range().End.Byte
		if nv, ok := s.replace[i]; ok {
			return string(src[ks:vs]) + nv
		}
		return string(src[ks:ve])
	}
	if s.oneLine() {
		if codifyHasComment(src[start:end]) {
			return "", fmt.Errorf("the one-line tags object holds a comment")
		}
		var parts []string
		for i := range obj.Items {
			if !s.remove[i] {
				parts = append(parts, itemText(i))
			}
		}
		for _, a := range s.add {
			parts = append(parts, a.Name+" = "+a.Expr)
		}
		if len(parts) == 0 {
			return "{}", nil
		}
		return "{ " + strings.Join(parts, ", ") + " }", nil
	}

	type edit struct {
		start, end int
		text       string
	}
	var eds []edit
	for i, it := range obj.Items {
		switch {
		case s.remove[i]:
			eds = append(eds, edit{codifyLineStart(src, it.KeyExpr.Range().Start.Byte), codifyLineEnd(src, it.ValueExpr.Range().End.Byte), ""})
		case s.replace[i] != "":
			r := it.ValueExpr.Range()
			eds = append(eds, edit{r.Start.Byte, r.End.Byte, s.replace[i]})
		}
	}
	if len(s.add) > 0 {
		attrIndent := codifyIndent(src, s.attr.Range.Start.Byte)
		indent := attrIndent + "  "
		open := obj.OpenRange.End.Byte
		if len(obj.Items) > 0 {
			if first := obj.Items[0].KeyExpr.Range().Start.Byte; codifyLineStart(src, first) > open {
				indent = codifyIndent(src, first)
			}
		}
		lines := make([]string, len(s.add))
		for i, a := range s.add {
			lines[i] = indent + a.Name + " = " + a.Expr
		}
		block := strings.Join(lines, "\n")
		close := end - 1
		switch {
		case len(obj.Items) > 0 && !bytes.Contains(src[obj.Items[len(obj.Items)-1].ValueExpr.Range().End.Byte:close], []byte("\n")):
			// the closing brace shares its line with the last item
			p := close
			for p > 0 && (src[p-1] == ' ' || src[p-1] == '\t') {
				p--
			}
			eds = append(eds, edit{p, close + 1, "\n" + block + "\n" + attrIndent + "}"})
		case len(obj.Items) > 0:
			p := obj.Items[len(obj.Items)-1].ValueExpr.Range().End.Byte
			if src[p-1] != '\n' {
				p = codifyLineEnd(src, p)
			}
			eds = append(eds, edit{p, p, block + "\n"})
		default:
			p := codifyLineStart(src, close)
			eds = append(eds, edit{p, p, block + "\n"})
		}
	}
	sort.SliceStable(eds, func(i, j int) bool { return eds[i].start < eds[j].start })
	var out strings.Builder
	last := start
	for _, e := range eds {
		if e.start < last {
			return "", fmt.Errorf("overlapping tag edits")
		}
		out.Write(src[last:e.start])
		out.WriteString(e.text)
		last = e.end
	}
	out.Write(src[last:end])
	return out.String(), nil
}

func codifyLineStart(src []byte, pos int) int {
	return bytes.LastIndexByte(src[:pos], '\n') + 1
}

// codifyLineEnd is the offset just after the newline ending pos's line.
func codifyLineEnd(src []byte, pos int) int {
	i := bytes.IndexByte(src[pos:], '\n')
	if i < 0 {
		return len(src)
	}
	return pos + i + 1
}

func codifyIndent(src []byte, pos int) string {
	s := codifyLineStart(src, pos)
	e := s
	for e < len(src) && (src[e] == ' ' || src[e] == '\t') {
		e++
	}
	return string(src[s:e])
}
