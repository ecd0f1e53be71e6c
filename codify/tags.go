package codify

import (
	"errors"
	"fmt"
	"github.com/driftfix/driftfix/attrpath"
	"sort"
	"strings"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/iac"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// tagChange is the change of one tag key.
type tagChange struct {
	cloud.Change
	key string
}

// tagKey is KEY of the path tags.KEY; ok is false for any other path.
func tagKey(path attrpath.Path) (string, bool) {
	if len(path) != 2 || path[1].Kind != attrpath.KeyStep {
		return "", false
	}
	return path[1].Key, true
}

// tags writes the tag changes of one resource with one edit of its
// tags attribute: new keys through AddObjectItems when that is all, else a
// splice of the object's own source (values replaced, lines removed, items
// appended), so that every comment and the layout stay.
func tags(ed *iac.Editor, r *iac.Resource, addr string, changes []tagChange) ([]Codified, []Skip) {
	var done []Codified
	var skipped []Skip
	skip := func(c tagChange, reason string) {
		skipped = append(skipped, Skip{Address: addr, Path: c.Path, Reason: reason})
	}
	skipAll := func(reason string) ([]Codified, []Skip) {
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
	if a == nil || !isObject(a.Expr) {
		if a != nil && !iac.ObjectEditable(a) {
			return skipAll(fmt.Sprintf("tags is set by %s, which driftfix does not edit; change it by hand", iac.ExprText(src, a.Expr)))
		}
		var items []string
		var adds []tagChange
		for _, c := range changes {
			v, ok := c.Actual.(string)
			switch {
			case c.Actual == nil:
				skip(c, "the code already has the live value (no such tag)")
			case !ok:
				skip(c, fmt.Sprintf("tag value %v is not a string", c.Actual))
			default:
				items = append(items, iac.ObjectKey(c.key)+" = "+iac.Quote(v))
				adds = append(adds, c)
			}
		}
		if len(items) == 0 {
			return nil, skipped
		}
		// SetAttr lays the object out in the indentation of the file.
		expr := "{\n" + strings.Join(items, "\n") + "\n}"
		if err := ed.SetAttr(Owner, b, "tags", expr); err != nil {
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
			return skipAll(fmt.Sprintf("tags has a key computed by %s, which driftfix does not edit; change it by hand", iac.ExprText(src, it.KeyExpr)))
		}
		index[kv.AsString()] = i
	}
	sp, err := iac.NewObjectSplice(src, a)
	if err != nil {
		return skipAll(err.Error())
	}
	var accepted []tagChange
	for _, c := range changes {
		i, inCode := index[c.key]
		if c.Actual == nil {
			if !inCode {
				skip(c, "the code already has the live value (no such tag)")
				continue
			}
			if err := sp.CanRemove(i); err != nil {
				skip(c, removeReason(err))
				continue
			}
			sp.Remove[i] = true
			accepted = append(accepted, c)
			continue
		}
		v, ok := c.Actual.(string)
		if !ok {
			skip(c, fmt.Sprintf("tag value %v is not a string", c.Actual))
			continue
		}
		if !inCode {
			sp.Add = append(sp.Add, iac.NewAttr{Name: iac.ObjectKeyFor(obj, c.key), Expr: iac.Quote(v)})
			accepted = append(accepted, c)
			continue
		}
		val := obj.Items[i].ValueExpr
		if !iac.IsLiteral(val) {
			skip(c, fmt.Sprintf("the value comes from %s, which driftfix does not edit; change it to %s by hand", iac.ExprText(src, val), iac.Quote(v)))
			continue
		}
		if cv, diags := val.Value(nil); !diags.HasErrors() && sameValue(cv, v) {
			skip(c, "the code already has the live value (not applied yet?)")
			continue
		}
		sp.Replace[i] = iac.Quote(v)
		accepted = append(accepted, c)
	}
	if len(accepted) == 0 {
		return nil, skipped
	}
	if len(sp.Replace) == 0 && len(sp.Remove) == 0 {
		err = ed.AddObjectItems(Owner, a, sp.Add)
	} else {
		var text string
		text, err = sp.Text()
		if errors.Is(err, iac.ErrOneLineComment) {
			err = errors.New("the one-line tags object holds a comment")
		}
		if err == nil {
			err = ed.SetAttr(Owner, b, "tags", text)
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

// isObject reports whether expr is a literal object { … }.
func isObject(expr hcl.Expression) bool {
	_, ok := expr.(*hclsyntax.ObjectConsExpr)
	return ok
}

// removeReason says why a tag cannot be removed, from ObjectSplice.CanRemove's error.
func removeReason(err error) string {
	switch {
	case errors.Is(err, iac.ErrOneLineComment):
		return "the one-line tags object holds a comment; remove the tag by hand"
	case errors.Is(err, iac.ErrItemSharesLine):
		return "the tag shares its line with other text (a comment or another item); remove it by hand"
	}
	return err.Error()
}
