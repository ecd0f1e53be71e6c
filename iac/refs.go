package iac

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

type refIndexKey struct {
	scope *Scope
	typ   string
	attr  string
}

// Refs returns the resource instances that attribute attr of r refers to:
// type.name.…, data.type.name.…, each.value.… under for_each = type.name, and
// local values that refer to resources. Unknown references are skipped.
//
// An index narrows the result to one instance where the key is known for r:
// aws_s3_bucket.x["a"].id, aws_s3_bucket.x[count.index].id, and each.value
// under for_each = aws_s3_bucket.x (the instance with r's own key).
func (m *Module) Refs(r *Resource, attr string) []*Resource {
	a := r.Block.Attr(attr)
	if a == nil {
		return nil
	}
	return dedupeResources(r.Scope.resolve(r, a.Expr, 0))
}

func dedupeResources(in []*Resource) []*Resource {
	if len(in) < 2 {
		return in
	}
	seen := make(map[*Resource]bool, len(in))
	out := in[:0:0]
	for _, r := range in {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

func (s *Scope) resolve(r *Resource, expr hcl.Expression, depth int) []*Resource {
	if depth > 4 || expr == nil {
		return nil
	}
	sx, ok := expr.(hclsyntax.Expression)
	if !ok {
		var out []*Resource
		for _, tr := range expr.Variables() {
			out = append(out, s.resolveTraversal(r, tr, depth)...)
		}
		return out
	}
	// Index expressions whose key is known for r narrow the collection they
	// index; every other traversal resolves on its own.
	narrowed := map[*hclsyntax.ScopeTraversalExpr][]*Resource{}
	var travs []*hclsyntax.ScopeTraversalExpr
	hclsyntax.VisitAll(sx, func(n hclsyntax.Node) hcl.Diagnostics {
		switch n := n.(type) {
		case *hclsyntax.IndexExpr:
			if col, ok := n.Collection.(*hclsyntax.ScopeTraversalExpr); ok {
				if k := instanceKey(r, n.Key); k != cty.NilVal {
					rs := s.resolveTraversal(r, col.Traversal, depth)
					narrowed[col] = narrowKey(rs, k)
				}
			}
		case *hclsyntax.ScopeTraversalExpr:
			travs = append(travs, n)
		}
		return nil
	})
	var out []*Resource
	for _, t := range travs {
		if rs, ok := narrowed[t]; ok {
			out = append(out, rs...)
			continue
		}
		out = append(out, s.resolveTraversal(r, t.Traversal, depth)...)
	}
	return out
}

// instanceKey evaluates an index key with r's count.index or each.key; it
// returns cty.NilVal when the key is not known that way.
func instanceKey(r *Resource, key hclsyntax.Expression) cty.Value {
	if r == nil || r.Key == cty.NilVal {
		return cty.NilVal
	}
	vars := map[string]cty.Value{"count": cty.DynamicVal, "each": cty.DynamicVal}
	if r.Key.Type() == cty.Number {
		vars["count"] = cty.ObjectVal(map[string]cty.Value{"index": r.Key})
	} else {
		vars["each"] = cty.ObjectVal(map[string]cty.Value{"key": r.Key, "value": cty.DynamicVal})
	}
	for _, tr := range key.Variables() {
		if root := tr.RootName(); root != "count" && root != "each" {
			return cty.NilVal
		}
	}
	v := evaluate(key, &hcl.EvalContext{Variables: vars})
	if !v.IsKnown() || v.IsNull() || (v.Type() != cty.String && v.Type() != cty.Number) {
		return cty.NilVal
	}
	return v
}

// narrowKey keeps the instances with key k, or all of them when none has it.
func narrowKey(rs []*Resource, k cty.Value) []*Resource {
	for _, r := range rs {
		if r.Key != cty.NilVal && r.Key.Type() == k.Type() && r.Key.Equals(k).True() {
			return []*Resource{r}
		}
	}
	return rs
}

func (s *Scope) resolveTraversal(r *Resource, tr hcl.Traversal, depth int) []*Resource {
	root := tr.RootName()
	name := func(i int) string { return traversalName(tr, i) }
	switch root {
	case "var", "count", "path", "terraform", "self", "module":
		return nil
	case "each":
		fe := r.forEachExpr()
		if fe == nil || name(1) != "value" {
			return nil
		}
		rs := s.resolve(nil, fe, depth+1)
		// for_each = aws_x.y: each.value of instance "k" is aws_x.y["k"].
		if st, ok := fe.(*hclsyntax.ScopeTraversalExpr); ok && len(st.Traversal) == 2 && r.Key != cty.NilVal {
			rs = narrowKey(rs, r.Key)
		}
		return rs
	case "local":
		if e := s.localExprs[name(1)]; e != nil {
			return s.resolve(nil, e, depth+1)
		}
		return nil
	case "data":
		return filterKey(s.byName["data."+name(1)+"."+name(2)], tr, 3)
	}
	n := name(1)
	if n == "" {
		return nil
	}
	return filterKey(s.byName[root+"."+n], tr, 2)
}

func (r *Resource) forEachExpr() hcl.Expression {
	if r == nil {
		return nil
	}
	if a := r.Block.Attr("for_each"); a != nil {
		return a.Expr
	}
	return nil
}

// filterKey narrows instances to the one indexed at tr[i] when the index is a
// known key, as in aws_s3_bucket.x["a"].id.
func filterKey(rs []*Resource, tr hcl.Traversal, i int) []*Resource {
	if len(tr) <= i || len(rs) == 0 {
		return rs
	}
	idx, ok := tr[i].(hcl.TraverseIndex)
	if !ok {
		return rs
	}
	for _, r := range rs {
		if r.Key != cty.NilVal && r.Key.Type() == idx.Key.Type() && r.Key.Equals(idx.Key).True() {
			return []*Resource{r}
		}
	}
	return rs
}

// Referrers returns the managed resources of type typ in target's scope whose
// attribute attr refers to target — by reference, or, when matchAttr is set,
// by a known value equal to target's known matchAttr value (for example a
// companion's bucket = "name" matching the bucket's bucket = "name").
func (m *Module) Referrers(target *Resource, typ, attr, matchAttr string) []*Resource {
	idx := m.referrerIndex(target.Scope, typ, attr)
	seen := map[*Resource]bool{}
	var out []*Resource
	for _, r := range idx[ptrKey(target)] {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	if matchAttr != "" {
		if want, st := target.Block.String(matchAttr); st == Known && want != "" {
			for _, r := range idx["="+want] {
				if !seen[r] {
					seen[r] = true
					out = append(out, r)
				}
			}
		}
	}
	return out
}

func ptrKey(r *Resource) string {
	return "@" + r.Address()
}

func (m *Module) referrerIndex(s *Scope, typ, attr string) map[string][]*Resource {
	k := refIndexKey{s, typ, attr}
	if idx, ok := m.refIndex[k]; ok {
		return idx
	}
	if m.refIndex == nil {
		m.refIndex = map[refIndexKey]map[string][]*Resource{}
	}
	idx := map[string][]*Resource{}
	for _, r := range s.byType[typ] {
		if r.Mode != Managed {
			continue
		}
		for _, t := range m.Refs(r, attr) {
			idx[ptrKey(t)] = append(idx[ptrKey(t)], r)
		}
		if v, st := r.Block.String(attr); st == Known {
			idx["="+v] = append(idx["="+v], r)
		}
	}
	m.refIndex[k] = idx
	return idx
}
