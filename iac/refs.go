package iac

import (
	"github.com/hashicorp/hcl/v2"
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
func (m *Module) Refs(r *Resource, attr string) []*Resource {
	a := r.Block.Attr(attr)
	if a == nil {
		return nil
	}
	return r.Scope.resolve(r, a.Expr, 0)
}

func (s *Scope) resolve(r *Resource, expr hcl.Expression, depth int) []*Resource {
	if depth > 4 || expr == nil {
		return nil
	}
	var out []*Resource
	for _, tr := range expr.Variables() {
		out = append(out, s.resolveTraversal(r, tr, depth)...)
	}
	return out
}

func (s *Scope) resolveTraversal(r *Resource, tr hcl.Traversal, depth int) []*Resource {
	root := tr.RootName()
	name := func(i int) string {
		if len(tr) > i {
			if at, ok := tr[i].(hcl.TraverseAttr); ok {
				return at.Name
			}
		}
		return ""
	}
	switch root {
	case "var", "count", "path", "terraform", "self", "module":
		return nil
	case "each":
		if r != nil && r.Block.Attr("for_each") != nil && name(1) == "value" {
			return s.resolve(nil, r.Block.Attr("for_each").Expr, depth+1)
		}
		return nil
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
