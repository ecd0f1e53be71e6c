package iac

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// maxModuleDepth bounds local module nesting (and so breaks module cycles).
const maxModuleDepth = 16

var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "terraform"},
	{Type: "import"},
	{Type: "moved"},
	{Type: "removed"},
	{Type: "check", LabelNames: []string{"name"}},
}}

// metaArguments are the resource arguments Terraform itself interprets.
var metaArguments = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true}

// Load reads the Terraform root module in dir (a slash path inside fsys) and
// every local child module it calls. It never fails as a whole: problems are
// returned in Module.Diagnostics, naming file, line and column, and every file
// that parses is still loaded.
func Load(ctx context.Context, fsys fs.FS, dir string) *Module {
	l := &loader{ctx: ctx, fsys: fsys, m: &Module{Dir: path.Clean(dir), Files: map[string]*File{}}, parsed: map[string]*parsedFile{}, callers: map[string]int{}}
	l.loadScope(nil, l.m.Dir, nil, nil, 0, nil)
	for _, s := range l.m.Scopes {
		s.Callers = l.callers[s.Dir]
	}
	return l.m
}

type loader struct {
	ctx     context.Context
	fsys    fs.FS
	m       *Module
	parsed  map[string]*parsedFile // by fs path
	callers map[string]int         // module dir (rel) -> number of calls
}

type parsedFile struct {
	file    *File
	content *hcl.BodyContent
}

// rel turns an fs path into a slash path relative to the module root.
func (l *loader) rel(p string) string {
	root := l.m.Dir
	if root == "." {
		return p
	}
	if p == root {
		return "."
	}
	if strings.HasPrefix(p, root+"/") {
		return strings.TrimPrefix(p, root+"/")
	}
	// outside the root (a ../ module): walk up.
	rootParts := strings.Split(root, "/")
	pParts := strings.Split(p, "/")
	i := 0
	for i < len(rootParts) && i < len(pParts) && rootParts[i] == pParts[i] {
		i++
	}
	up := strings.Repeat("../", len(rootParts)-i)
	return up + strings.Join(pParts[i:], "/")
}

func (l *loader) parse(fsPath string) *parsedFile {
	if pf, ok := l.parsed[fsPath]; ok {
		return pf
	}
	relPath := l.rel(fsPath)
	src, err := fs.ReadFile(l.fsys, fsPath)
	if err != nil {
		l.m.Diagnostics = append(l.m.Diagnostics, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read file", Detail: err.Error(), Subject: &hcl.Range{Filename: relPath, Start: hcl.InitialPos, End: hcl.InitialPos}})
		l.parsed[fsPath] = nil
		return nil
	}
	f := &File{Path: relPath, Src: src, JSON: strings.HasSuffix(fsPath, ".json")}
	syn, diags := safeParse(src, relPath, f.JSON)
	l.m.Files[relPath] = f
	if diags.HasErrors() || syn == nil {
		l.m.Diagnostics = append(l.m.Diagnostics, diags...)
		l.parsed[fsPath] = nil
		return nil
	}
	f.Syntax = syn
	if !f.JSON {
		f.Ignores = parseIgnores(src, relPath)
	}
	content, cdiags := syn.Body.Content(fileSchema)
	if cdiags.HasErrors() {
		// Unknown top-level blocks are not our business; keep what we can.
		content, _, _ = syn.Body.PartialContent(fileSchema)
	}
	pf := &parsedFile{file: f, content: content}
	l.parsed[fsPath] = pf
	return pf
}

// safeParse parses HCL native or JSON syntax and turns a parser panic into a
// diagnostic naming the file.
func safeParse(src []byte, filename string, isJSON bool) (f *hcl.File, diags hcl.Diagnostics) {
	defer func() {
		if r := recover(); r != nil {
			f = nil
			diags = hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Parser failure", Detail: fmt.Sprintf("the HCL parser failed on this file: %v", r), Subject: &hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos}}}
		}
	}()
	if isJSON {
		return json.Parse(src, filename)
	}
	return hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
}

func configFiles(fsys fs.FS, dir string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") {
			continue
		}
		if strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json") {
			out = append(out, path.Join(dir, n))
		}
	}
	sort.Strings(out)
	return out, nil
}

func tfvarsFiles(fsys fs.FS, dir string) []string {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	var auto []string
	var out []string
	for _, e := range entries {
		n := e.Name()
		switch {
		case n == "terraform.tfvars" || n == "terraform.tfvars.json":
			out = append(out, path.Join(dir, n))
		case strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json"):
			auto = append(auto, path.Join(dir, n))
		}
	}
	sort.Strings(out)
	sort.Strings(auto)
	return append(out, auto...) // Terraform's precedence: later wins
}

// loadScope loads one module directory as the module at modPath.
func (l *loader) loadScope(modPath []string, dir string, inputs map[string]cty.Value, stack []string, depth int, callRange *hcl.Range) {
	if l.ctx.Err() != nil {
		return
	}
	for _, d := range stack {
		if d == dir {
			l.diag(callRange, "Module cycle", fmt.Sprintf("module directory %s calls itself", l.rel(dir)))
			return
		}
	}
	if depth > maxModuleDepth {
		l.diag(callRange, "Modules nested too deeply", fmt.Sprintf("more than %d levels of local modules", maxModuleDepth))
		return
	}
	files, err := configFiles(l.fsys, dir)
	if err != nil {
		l.diag(callRange, "Cannot read module directory", err.Error())
		return
	}
	scope := &Scope{Path: modPath, Dir: l.rel(dir), Variables: map[string]cty.Value{}, Locals: map[string]cty.Value{}, byName: map[string][]*Resource{}, byType: map[string][]*Resource{}, localExprs: map[string]hcl.Expression{}}
	l.callers[scope.Dir]++
	l.m.Scopes = append(l.m.Scopes, scope)

	var pfs []*parsedFile
	for _, fp := range files {
		if pf := l.parse(fp); pf != nil {
			pfs = append(pfs, pf)
		}
	}

	// Variables: tfvars (root only) > module inputs > default > unknown.
	var tfvars map[string]cty.Value
	if depth == 0 {
		tfvars = l.loadTFVars(dir)
	}
	resourceTypes := map[string]bool{}
	var localAttrs = map[string]*hcl.Attribute{}
	for _, pf := range pfs {
		for _, b := range pf.content.Blocks {
			switch b.Type {
			case "variable":
				scope.Variables[b.Labels[0]] = l.variableValue(b, inputs, tfvars)
			case "locals":
				attrs, _ := b.Body.JustAttributes()
				for n, a := range attrs {
					localAttrs[n] = a
					scope.localExprs[n] = a.Expr
				}
			case "resource":
				resourceTypes[b.Labels[0]] = true
			}
		}
	}
	vars := map[string]cty.Value{
		"path":      cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(scope.Dir), "root": cty.StringVal("."), "cwd": cty.UnknownVal(cty.String)}),
		"terraform": cty.ObjectVal(map[string]cty.Value{"workspace": cty.UnknownVal(cty.String)}),
		"data":      unknownObject,
		"module":    unknownObject,
		"self":      unknownObject,
		"count":     unknownObject,
		"each":      unknownObject,
	}
	for t := range resourceTypes {
		vars[t] = unknownObject
	}
	vars["var"] = objectOrEmpty(scope.Variables)
	scope.ctx = &hcl.EvalContext{Variables: vars, Functions: functions}
	l.evalLocals(scope, localAttrs)
	vars["local"] = objectOrEmpty(scope.Locals)

	for _, pf := range pfs {
		for _, b := range pf.content.Blocks {
			switch b.Type {
			case "resource", "data":
				l.addResource(scope, pf.file, b)
			case "provider":
				scope.Providers = append(scope.Providers, l.block(b, pf.file, scope.ctx))
			}
		}
	}
	for _, pf := range pfs {
		for _, b := range pf.content.Blocks {
			if b.Type == "module" {
				l.loadCall(scope, dir, b, append(stack, dir), depth)
			}
		}
	}
}

func objectOrEmpty(m map[string]cty.Value) cty.Value {
	if len(m) == 0 {
		return cty.EmptyObjectVal
	}
	return cty.ObjectVal(m)
}

func (l *loader) diag(rng *hcl.Range, summary, detail string) {
	l.m.Diagnostics = append(l.m.Diagnostics, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: rng})
}

func (l *loader) loadTFVars(dir string) map[string]cty.Value {
	out := map[string]cty.Value{}
	for _, fp := range tfvarsFiles(l.fsys, dir) {
		src, err := fs.ReadFile(l.fsys, fp)
		if err != nil {
			continue
		}
		rel := l.rel(fp)
		f, diags := safeParse(src, rel, strings.HasSuffix(fp, ".json"))
		if diags.HasErrors() || f == nil {
			l.m.Diagnostics = append(l.m.Diagnostics, diags...)
			continue
		}
		attrs, diags := f.Body.JustAttributes()
		if diags.HasErrors() {
			l.m.Diagnostics = append(l.m.Diagnostics, diags...)
		}
		for n, a := range attrs {
			out[n] = evaluate(a.Expr, nil)
		}
	}
	return out
}

func (l *loader) variableValue(b *hcl.Block, inputs map[string]cty.Value, tfvars map[string]cty.Value) cty.Value {
	name := b.Labels[0]
	attrs, _ := b.Body.JustAttributes()
	var ty cty.Type = cty.DynamicPseudoType
	if a, ok := attrs["type"]; ok {
		if t, diags := typeexpr.TypeConstraint(a.Expr); !diags.HasErrors() {
			ty = t
		}
	}
	var v cty.Value
	switch {
	case tfvars != nil && tfvars[name] != cty.NilVal:
		v = tfvars[name]
	case inputs != nil && inputs[name] != cty.NilVal:
		v = inputs[name]
	case attrs["default"] != nil:
		v = evaluate(attrs["default"].Expr, nil)
	default:
		return cty.DynamicVal
	}
	if ty != cty.DynamicPseudoType && v.IsWhollyKnown() && !v.IsNull() {
		if cv, err := convert.Convert(v, ty); err == nil {
			v = cv
		}
	}
	return v
}

// evalLocals evaluates locals in dependency order; cycles and errors are unknown.
func (l *loader) evalLocals(scope *Scope, attrs map[string]*hcl.Attribute) {
	state := map[string]int{} // 0 new, 1 in progress, 2 done
	var visit func(name string)
	visit = func(name string) {
		a := attrs[name]
		if a == nil || state[name] == 2 {
			return
		}
		if state[name] == 1 {
			scope.Locals[name] = cty.DynamicVal
			return
		}
		state[name] = 1
		for _, tr := range a.Expr.Variables() {
			if tr.RootName() == "local" && len(tr) > 1 {
				if at, ok := tr[1].(hcl.TraverseAttr); ok {
					visit(at.Name)
				}
			}
		}
		ctx := scope.ctx.NewChild()
		ctx.Variables = map[string]cty.Value{"local": localsSoFar(scope.Locals, attrs)}
		if _, done := scope.Locals[name]; !done {
			scope.Locals[name] = evaluate(a.Expr, ctx)
		}
		state[name] = 2
	}
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		visit(n)
	}
}

func localsSoFar(done map[string]cty.Value, all map[string]*hcl.Attribute) cty.Value {
	m := make(map[string]cty.Value, len(all))
	for n := range all {
		if v, ok := done[n]; ok {
			m[n] = v
		} else {
			m[n] = cty.DynamicVal
		}
	}
	return objectOrEmpty(m)
}

func (l *loader) loadCall(parent *Scope, dir string, b *hcl.Block, stack []string, depth int) {
	attrs, _ := b.Body.JustAttributes()
	src, ok := attrs["source"]
	if !ok {
		return
	}
	sv := evaluate(src.Expr, nil)
	if !sv.IsKnown() || sv.IsNull() || sv.Type() != cty.String {
		return
	}
	source := sv.AsString()
	if !strings.HasPrefix(source, "./") && !strings.HasPrefix(source, "../") {
		return // registry and remote modules are not loaded
	}
	childDir := path.Join(dir, source)
	if !fs.ValidPath(childDir) {
		l.diag(src.Expr.Range().Ptr(), "Module source outside the tree", fmt.Sprintf("cannot load module %q from %s", b.Labels[0], source))
		return
	}
	_, hasCount := attrs["count"]
	_, hasForEach := attrs["for_each"]
	ctx := parent.ctx
	if hasCount || hasForEach {
		ctx = ctx.NewChild()
		ctx.Variables = map[string]cty.Value{"each": unknownObject, "count": unknownObject}
	}
	inputs := map[string]cty.Value{}
	for n, a := range attrs {
		switch n {
		case "source", "version", "count", "for_each", "providers", "depends_on":
			continue
		}
		inputs[n] = evaluate(a.Expr, ctx)
	}
	modPath := append(append([]string(nil), parent.Path...), b.Labels[0])
	l.loadScope(modPath, childDir, inputs, stack, depth+1, b.DefRange.Ptr())
}

func (l *loader) addResource(scope *Scope, f *File, hb *hcl.Block) {
	mode := Managed
	key := hb.Labels[0] + "." + hb.Labels[1]
	if hb.Type == "data" {
		mode = Data
		key = "data." + key
	}
	attrs, _ := rawAttributes(hb.Body, f)
	countAttr, forEachAttr := attrs["count"], attrs["for_each"]
	base := &Resource{Mode: mode, Type: hb.Labels[0], Name: hb.Labels[1], Scope: scope, File: f}

	type instance struct {
		key  cty.Value
		each cty.Value
	}
	var instances []instance
	expanded := countAttr != nil || forEachAttr != nil
	switch {
	case forEachAttr != nil:
		fe := evaluate(forEachAttr.Expr, scope.ctx)
		if fe.IsWhollyKnown() && !fe.IsNull() && fe.CanIterateElements() && !fe.Type().IsListType() && !fe.Type().IsTupleType() {
			for it := fe.ElementIterator(); it.Next(); {
				k, v := it.Element()
				if fe.Type().IsSetType() {
					if k.Type() != cty.String {
						instances = nil
						break
					}
					k = v
				}
				instances = append(instances, instance{key: k, each: cty.ObjectVal(map[string]cty.Value{"key": k, "value": v})})
			}
		} else {
			instances = []instance{{key: cty.NilVal, each: unknownObject}}
		}
	case countAttr != nil:
		cv := evaluate(countAttr.Expr, scope.ctx)
		n, ok := 0, false
		if cv.IsKnown() && !cv.IsNull() && cv.Type() == cty.Number {
			if i, acc := cv.AsBigFloat().Int64(); acc == 0 && i >= 0 && i < 10000 {
				n, ok = int(i), true
			}
		}
		if ok {
			for i := 0; i < n; i++ {
				iv := cty.NumberIntVal(int64(i))
				instances = append(instances, instance{key: iv, each: cty.ObjectVal(map[string]cty.Value{"index": iv})})
			}
		} else {
			instances = []instance{{key: cty.NilVal, each: unknownObject}}
		}
	default:
		instances = []instance{{key: cty.NilVal}}
	}
	for _, in := range instances {
		ctx := scope.ctx
		if expanded {
			ctx = scope.ctx.NewChild()
			if forEachAttr != nil {
				ctx.Variables = map[string]cty.Value{"each": in.each, "count": unknownObject}
			} else {
				ctx.Variables = map[string]cty.Value{"count": in.each, "each": unknownObject}
			}
		}
		r := *base
		r.Key = in.key
		r.Expanded = expanded
		r.Block = l.block(hb, f, ctx)
		rp := &r
		l.m.Resources = append(l.m.Resources, rp)
		scope.byName[key] = append(scope.byName[key], rp)
		scope.byType[rp.Type] = append(scope.byType[rp.Type], rp)
	}
}
