package iac

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// maxCount bounds count expansion: a larger count is treated as unknown.
const maxCount = 10000

// scopeEval evaluates what one module scope can know statically, in
// dependency order as Terraform does: local values, and the instance keys of
// every resource and data source (count and for_each), each of which may
// refer to the others. A reference cycle makes its members unknown.
type scopeEval struct {
	scope  *Scope
	base   map[string]cty.Value
	locals map[string]*hcl.Attribute
	decls  map[string]*resDecl // by declKey
	order  []string            // decl keys in declaration order

	state map[string]evalState
	stack []string
	cycle map[string]bool
}

type evalState int

const (
	evalNew evalState = iota
	evalBusy
	evalDone
)

// resDecl is one resource or data block of the scope.
type resDecl struct {
	mode           Mode
	hb             *hcl.Block
	file           *File
	count, forEach *hcl.Attribute
	exp            *expansion
}

// expansion is the result of a block's count or for_each.
type expansion struct {
	expanded  bool
	instances []instance
	// value stands for the resource in expressions: a tuple (count) or an
	// object (for_each) of unknown instances when the keys are known, so
	// that length(aws_x.y) and for_each = aws_x.y are known too.
	value cty.Value
}

type instance struct {
	key  cty.Value
	vars map[string]cty.Value // each and count for this instance
}

func declKey(hb *hcl.Block) string {
	if hb.Type == "data" {
		return "data." + hb.Labels[0] + "." + hb.Labels[1]
	}
	return hb.Labels[0] + "." + hb.Labels[1]
}

func newScopeEval(scope *Scope) *scopeEval {
	return &scopeEval{
		scope: scope,
		base: map[string]cty.Value{
			"terraform": cty.ObjectVal(map[string]cty.Value{"workspace": cty.UnknownVal(cty.String)}),
			"data":      cty.DynamicVal,
			"module":    cty.DynamicVal,
			"self":      cty.DynamicVal,
			"count":     cty.DynamicVal,
			"each":      cty.DynamicVal,
		},
		locals: map[string]*hcl.Attribute{},
		decls:  map[string]*resDecl{},
		state:  map[string]evalState{},
		cycle:  map[string]bool{},
	}
}

// declare records a resource or data block. A second block with the same
// address is ignored (Terraform rejects it).
func (s *scopeEval) declare(hb *hcl.Block, f *File) {
	k := declKey(hb)
	if _, dup := s.decls[k]; dup {
		return
	}
	d := &resDecl{mode: Managed, hb: hb, file: f}
	if hb.Type == "data" {
		d.mode = Data
	}
	attrs, _ := rawAttributes(hb.Body, f)
	d.count, d.forEach = attrs["count"], attrs["for_each"]
	s.decls[k] = d
	s.order = append(s.order, k)
}

// run evaluates every local and every expansion, then sets the scope's
// evaluation context for attribute values.
func (s *scopeEval) run() {
	names := make([]string, 0, len(s.locals))
	for n := range s.locals {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s.local(n)
	}
	for _, k := range s.order {
		s.expansion(k)
	}

	vars := make(map[string]cty.Value, len(s.base)+8)
	for k, v := range s.base {
		vars[k] = v
	}
	vars["local"] = objectOrEmpty(s.scope.Locals)
	types := map[string]map[string]cty.Value{}
	data := map[string]map[string]cty.Value{}
	for _, k := range s.order {
		d := s.decls[k]
		t, n := d.hb.Labels[0], d.hb.Labels[1]
		into := types
		if d.mode == Data {
			into = data
		}
		if into[t] == nil {
			into[t] = map[string]cty.Value{}
		}
		into[t][n] = d.exp.value
	}
	s.setObjects(vars, types, data)
	s.scope.ctx = &hcl.EvalContext{Variables: vars, Functions: functions}
}

func (s *scopeEval) setObjects(vars map[string]cty.Value, types, data map[string]map[string]cty.Value) {
	for t, m := range types {
		if _, reserved := s.base[t]; reserved || t == "var" || t == "local" || t == "path" {
			continue
		}
		vars[t] = cty.ObjectVal(m)
	}
	if len(data) > 0 {
		dm := make(map[string]cty.Value, len(data))
		for t, m := range data {
			dm[t] = cty.ObjectVal(m)
		}
		vars["data"] = cty.ObjectVal(dm)
	}
}

// enter marks node k busy; it returns false (and marks the cycle) when k is
// already being evaluated.
func (s *scopeEval) enter(k string) bool {
	if s.state[k] == evalBusy {
		for i := len(s.stack) - 1; i >= 0; i-- {
			s.cycle[s.stack[i]] = true
			if s.stack[i] == k {
				break
			}
		}
		return false
	}
	s.state[k] = evalBusy
	s.stack = append(s.stack, k)
	return true
}

func (s *scopeEval) leave(k string) bool {
	s.stack = s.stack[:len(s.stack)-1]
	s.state[k] = evalDone
	return s.cycle[k]
}

// local returns the value of local.name, evaluating it first if needed.
func (s *scopeEval) local(name string) cty.Value {
	if v, ok := s.scope.Locals[name]; ok {
		return v
	}
	a := s.locals[name]
	if a == nil {
		return cty.DynamicVal
	}
	k := "local." + name
	if !s.enter(k) {
		return cty.DynamicVal
	}
	v := evaluate(a.Expr, s.ctxFor(a.Expr))
	if s.leave(k) {
		v = cty.DynamicVal
	}
	s.scope.Locals[name] = v
	return v
}

// expansion returns the expansion of the block with the given key.
func (s *scopeEval) expansion(key string) *expansion {
	d := s.decls[key]
	if d == nil {
		return nil
	}
	if d.exp != nil {
		return d.exp
	}
	k := "resource." + key
	if !s.enter(k) {
		return nil
	}
	var exp *expansion
	switch {
	case d.forEach != nil:
		exp = expandForEach(evaluate(d.forEach.Expr, s.ctxFor(d.forEach.Expr)))
	case d.count != nil:
		exp = expandCount(evaluate(d.count.Expr, s.ctxFor(d.count.Expr)))
	default:
		exp = &expansion{instances: []instance{{key: cty.NilVal}}, value: cty.DynamicVal}
	}
	if s.leave(k) && exp.expanded {
		exp = unknownExpansion()
	}
	d.exp = exp
	return exp
}

// ctxFor builds an evaluation context holding what expr refers to.
func (s *scopeEval) ctxFor(expr hcl.Expression) *hcl.EvalContext {
	vars := make(map[string]cty.Value, len(s.base)+4)
	for k, v := range s.base {
		vars[k] = v
	}
	locals := map[string]cty.Value{}
	types := map[string]map[string]cty.Value{}
	data := map[string]map[string]cty.Value{}
	add := func(into map[string]map[string]cty.Value, t, n, key string) {
		v := cty.DynamicVal
		if e := s.expansion(key); e != nil {
			v = e.value
		}
		if into[t] == nil {
			into[t] = map[string]cty.Value{}
		}
		into[t][n] = v
	}
	for _, tr := range expr.Variables() {
		root := tr.RootName()
		switch root {
		case "local":
			if n := traversalName(tr, 1); n != "" {
				locals[n] = s.local(n)
			}
		case "data":
			t, n := traversalName(tr, 1), traversalName(tr, 2)
			if _, ok := s.decls["data."+t+"."+n]; ok {
				add(data, t, n, "data."+t+"."+n)
			}
		default:
			n := traversalName(tr, 1)
			if _, ok := s.decls[root+"."+n]; ok {
				add(types, root, n, root+"."+n)
			}
		}
	}
	vars["local"] = objectOrEmpty(locals)
	s.setObjects(vars, types, data)
	return &hcl.EvalContext{Variables: vars, Functions: functions}
}

// traversalName returns the attribute name at step i of tr, or "".
func traversalName(tr hcl.Traversal, i int) string {
	if len(tr) > i {
		if at, ok := tr[i].(hcl.TraverseAttr); ok {
			return at.Name
		}
	}
	return ""
}

func unknownExpansion() *expansion {
	return &expansion{
		expanded:  true,
		instances: []instance{{key: cty.NilVal, vars: map[string]cty.Value{"each": cty.DynamicVal, "count": cty.DynamicVal}}},
		value:     cty.DynamicVal,
	}
}

// expandForEach expands a for_each value: a map or object (keys known, values
// possibly unknown) or a wholly known set of strings. Anything else is
// unknown: one instance without a key.
func expandForEach(fe cty.Value) (exp *expansion) {
	defer func() {
		if recover() != nil {
			exp = unknownExpansion()
		}
	}()
	if !fe.IsKnown() || fe.IsNull() || fe.IsMarked() {
		return unknownExpansion()
	}
	ty := fe.Type()
	exp = &expansion{expanded: true}
	values := map[string]cty.Value{}
	switch {
	case ty.IsMapType() || ty.IsObjectType():
		for it := fe.ElementIterator(); it.Next(); {
			k, v := it.Element()
			exp.instances = append(exp.instances, instance{key: k, vars: map[string]cty.Value{
				"each":  cty.ObjectVal(map[string]cty.Value{"key": k, "value": v}),
				"count": cty.DynamicVal,
			}})
			values[k.AsString()] = cty.DynamicVal
		}
	case ty.IsSetType():
		if !fe.IsWhollyKnown() {
			return unknownExpansion()
		}
		for it := fe.ElementIterator(); it.Next(); {
			_, sv := it.Element()
			if sv.Type() != cty.String || sv.IsNull() {
				return unknownExpansion() // Terraform only accepts a set of strings
			}
			exp.instances = append(exp.instances, instance{key: sv, vars: map[string]cty.Value{
				"each":  cty.ObjectVal(map[string]cty.Value{"key": sv, "value": sv}),
				"count": cty.DynamicVal,
			}})
			values[sv.AsString()] = cty.DynamicVal
		}
	default:
		return unknownExpansion()
	}
	exp.value = objectOrEmpty(values)
	return exp
}

// expandCount expands a known, whole, non-negative count (a number or a
// numeric string). Anything else is unknown.
func expandCount(cv cty.Value) (exp *expansion) {
	defer func() {
		if recover() != nil {
			exp = unknownExpansion()
		}
	}()
	if !cv.IsKnown() || cv.IsNull() || cv.IsMarked() {
		return unknownExpansion()
	}
	nv, err := convert.Convert(cv, cty.Number)
	if err != nil || nv.IsNull() {
		return unknownExpansion()
	}
	n, acc := nv.AsBigFloat().Int64()
	if acc != 0 || n < 0 || n > maxCount {
		return unknownExpansion()
	}
	exp = &expansion{expanded: true}
	elems := make([]cty.Value, n)
	for i := range elems {
		iv := cty.NumberIntVal(int64(i))
		exp.instances = append(exp.instances, instance{key: iv, vars: map[string]cty.Value{
			"count": cty.ObjectVal(map[string]cty.Value{"index": iv}),
			"each":  cty.DynamicVal,
		}})
		elems[i] = cty.DynamicVal
	}
	if n == 0 {
		exp.value = cty.EmptyTupleVal
	} else {
		exp.value = cty.TupleVal(elems)
	}
	return exp
}
