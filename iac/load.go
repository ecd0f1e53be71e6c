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

// maxScopes bounds the number of module instances, so that a tree of modules
// that call each other several times cannot blow up.
const maxScopes = 1000

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
	// reported holds the diagnostics already added (summary@range), so a
	// module directory loaded for several calls reports each problem once.
	reported map[string]bool
	// prefetched holds files read and parsed ahead, by fs path.
	prefetched map[string]read
	// varFiles holds the variable definition files loaded, by fs path
	// (nil for one that could not be loaded).
	varFiles map[string]*File
}

// read is a configuration file as read and parsed, before it joins the
// module: the part of loading a file that does not depend on the others,
// so that the files of a module are read in parallel (prefetch).
type read struct {
	src       []byte
	syn       *hcl.File
	diags     hcl.Diagnostics
	err       error
	ignores   []Ignore
	lines     []int
	ignoreIdx *ignoreIndex
}

// read reads and parses the file at fsPath (relPath in the module). Through
// a CachedFS, a module file outside the root is parsed once for all the
// roots that name it alike, and a file RootModules parsed already is
// taken from it.
func (l *loader) read(fsPath, relPath string) read {
	if c, ok := l.fsys.(*CachedFS); ok {
		if strings.HasPrefix(relPath, "../") {
			return c.read(fsPath, relPath, func() read { return readFile(l.fsys, fsPath, relPath) })
		}
		if rd, ok := c.take(fsPath, relPath); ok {
			return rd
		}
	}
	return readFile(l.fsys, fsPath, relPath)
}

// readFile reads and parses the file at fsPath, naming it relPath.
func readFile(fsys fs.FS, fsPath, relPath string) read {
	var rd read
	if o, ok := fsys.(Overlay); ok {
		var inMemory bool
		if rd.src, rd.syn, inMemory = o.source(fsPath); !inMemory {
			rd.src, rd.err = fs.ReadFile(fsys, fsPath)
		}
	} else {
		rd.src, rd.err = fs.ReadFile(fsys, fsPath)
	}
	if rd.err != nil {
		return rd
	}
	isJSON := strings.HasSuffix(fsPath, ".json")
	if rd.syn == nil || rd.syn.Body == nil {
		rd.syn, rd.diags = safeParse(rd.src, relPath, isJSON)
	}
	if rd.syn != nil && !rd.diags.HasErrors() && !isJSON {
		body, _ := rd.syn.Body.(*hclsyntax.Body)
		rd.ignores = parseIgnoresIn(rd.src, relPath, body)
		if len(rd.ignores) > 0 {
			rd.lines = lineStarts(rd.src)
			rd.ignoreIdx = indexIgnores(rd.ignores)
		}
	}
	return rd
}

// prefetch reads and parses, in parallel, the files of fsPaths that are
// not loaded yet; parse then takes them from memory, in order.
func (l *loader) prefetch(fsPaths []string) {
	var todo []string
	for _, p := range fsPaths {
		if _, done := l.parsed[p]; done {
			continue
		}
		if _, done := l.prefetched[p]; done {
			continue
		}
		todo = append(todo, p)
	}
	if len(todo) < 2 {
		return
	}
	reads := make([]read, len(todo))
	parallel(len(todo), func(i int) {
		if l.ctx.Err() == nil {
			reads[i] = l.read(todo[i], l.rel(todo[i]))
		}
	})
	if l.ctx.Err() != nil {
		return
	}
	if l.prefetched == nil {
		l.prefetched = map[string]read{}
	}
	for i, p := range todo {
		l.prefetched[p] = reads[i]
	}
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
	return relPath(root, p)
}

func (l *loader) parse(fsPath string) *parsedFile {
	if pf, ok := l.parsed[fsPath]; ok {
		return pf
	}
	relPath := l.rel(fsPath)
	var rd read
	if pre, ok := l.prefetched[fsPath]; ok {
		rd = pre
		delete(l.prefetched, fsPath)
	} else {
		rd = l.read(fsPath, relPath)
	}
	src, syn, diags, err := rd.src, rd.syn, rd.diags, rd.err
	if err != nil {
		l.m.Diagnostics = append(l.m.Diagnostics, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read file", Detail: err.Error(), Subject: &hcl.Range{Filename: relPath, Start: hcl.InitialPos, End: hcl.InitialPos}})
		l.parsed[fsPath] = nil
		return nil
	}
	f := &File{Path: relPath, Src: src, JSON: strings.HasSuffix(fsPath, ".json")}
	l.m.Files[relPath] = f
	if diags.HasErrors() || syn == nil {
		l.m.Diagnostics = append(l.m.Diagnostics, diags...)
		l.parsed[fsPath] = nil
		return nil
	}
	f.Syntax = syn
	f.Ignores, f.lines, f.ignoreIdx = rd.ignores, rd.lines, rd.ignoreIdx
	// The file's structure as Terraform requires it: only the top-level
	// blocks Terraform knows, each with its labels, and no top-level
	// attribute (in .tf.json: objects of the right depth). Anything else is
	// an error, as terraform validate says, naming file, line and column:
	// driftfix does not guess what a misspelt block meant, and fix does
	// not edit around it. What does fit is still loaded, so that scan
	// reports the findings it can.
	content, cdiags := syn.Body.Content(fileSchema)
	if cdiags.HasErrors() {
		l.m.Diagnostics = append(l.m.Diagnostics, cdiags...)
		content, _, _ = syn.Body.PartialContent(fileSchema)
	}
	if isOverride(path.Base(fsPath)) {
		// Locals and variables of an override file replace the base ones
		// (it is read last); its resource blocks are not merged.
		for _, b := range content.Blocks {
			if b.Type == "resource" || b.Type == "data" {
				l.m.Diagnostics = append(l.m.Diagnostics, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Override not merged",
					Detail:  fmt.Sprintf("driftfix does not merge override files: the %s block %s is ignored, so findings on it may not match what Terraform applies", b.Type, strings.Join(b.Labels, ".")),
					Subject: b.DefRange.Ptr()})
			}
		}
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
	return parseNative(src, filename)
}

func configFiles(fsys fs.FS, dir string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out, overrides []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") {
			continue
		}
		if !strings.HasSuffix(n, ".tf") && !strings.HasSuffix(n, ".tf.json") {
			continue
		}
		if isOverride(n) {
			overrides = append(overrides, path.Join(dir, n))
		} else {
			out = append(out, path.Join(dir, n))
		}
	}
	sort.Strings(out)
	sort.Strings(overrides)
	return append(out, overrides...), nil // override files last, as Terraform reads them
}

// isOverride reports whether a file name is a Terraform override file.
func isOverride(name string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
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
	if len(l.m.Scopes) >= maxScopes {
		l.diag(callRange, "Too many module instances", fmt.Sprintf("more than %d local module calls in the tree", maxScopes))
		return
	}
	files, err := configFiles(l.fsys, dir)
	if err != nil {
		l.diag(callRange, "Cannot read module directory", err.Error())
		return
	}
	scope := &Scope{Path: modPath, Dir: l.rel(dir), Variables: map[string]cty.Value{}, Locals: map[string]cty.Value{}, byName: map[string][]*Resource{}, byType: map[string][]*Resource{}, inactive: map[string][]*Resource{}, declared: map[string]bool{}, localExprs: map[string]hcl.Expression{}}
	l.callers[scope.Dir]++
	l.m.Scopes = append(l.m.Scopes, scope)

	l.prefetch(files)
	var pfs []*parsedFile
	for _, fp := range files {
		if pf := l.parse(fp); pf != nil {
			pfs = append(pfs, pf)
		}
	}

	// Variables: tfvars (root only) > module inputs > default > unknown.
	// Every variable definition file of the directory is loaded (a secret
	// may be in any of them); only the root's auto-loaded ones give values.
	auto, others := varFileNames(l.fsys, dir)
	var autoFiles []*File
	for _, fp := range auto {
		if f := l.loadVarFile(fp, true); f != nil {
			autoFiles = append(autoFiles, f)
		}
	}
	for _, fp := range others {
		l.loadVarFile(fp, false)
	}
	var tfvars map[string]cty.Value
	if depth == 0 {
		tfvars = l.tfvarsValues(autoFiles)
	}
	se := newScopeEval(scope)
	declared := map[string]hcl.Range{}
	for _, pf := range pfs {
		override := isOverride(path.Base(pf.file.Path))
		for _, b := range pf.content.Blocks {
			if !override {
				l.declareOnce(declared, b)
			}
			switch b.Type {
			case "variable":
				scope.Variables[b.Labels[0]] = l.variableValue(b, inputs, tfvars)
			case "locals":
				attrs, diags := b.Body.JustAttributes()
				l.addOnce(diags)
				for n, a := range attrs {
					if !override {
						l.declared(declared, "local."+n, a.NameRange, "Duplicate local value definition", fmt.Sprintf("A local value named %q was already defined at %%s. Local value names must be unique within a module.", n))
					}
					se.locals[n] = a
					scope.localExprs[n] = a.Expr
				}
			case "resource", "data":
				if !override {
					se.declare(b, pf.file)
				}
			}
		}
	}
	se.base["var"] = objectOrEmpty(scope.Variables)
	se.base["path"] = cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(scope.Dir), "root": cty.StringVal("."), "cwd": cty.UnknownVal(cty.String)})
	se.run()

	var jobs []blockJob
	for _, pf := range pfs {
		for _, b := range pf.content.Blocks {
			switch b.Type {
			case "resource", "data":
				jobs = l.addResource(scope, pf.file, b, se.decls[declKey(b)], jobs)
			case "provider":
				p := &Block{}
				scope.Providers = append(scope.Providers, p)
				jobs = append(jobs, blockJob{p, b, pf.file, scope.ctx})
			}
		}
	}
	buildBlocks(jobs)
	for _, pf := range pfs {
		for _, b := range pf.content.Blocks {
			if b.Type == "module" {
				l.loadCall(scope, dir, b, append(stack, dir), depth)
			}
		}
	}
}

// declareOnce records the address a top-level block declares in its
// module and reports a second declaration of it as Terraform does: two
// resources, data sources, module calls, variables or outputs of one name
// in one module are an error, naming both places.
func (l *loader) declareOnce(declared map[string]hcl.Range, b *hcl.Block) {
	switch b.Type {
	case "resource":
		l.declared(declared, declKey(b), b.DefRange, fmt.Sprintf("Duplicate resource %q configuration", b.Labels[0]),
			fmt.Sprintf("A %s resource named %q was already declared at %%s. Resource names must be unique per type in each module.", b.Labels[0], b.Labels[1]))
	case "data":
		l.declared(declared, declKey(b), b.DefRange, fmt.Sprintf("Duplicate data %q configuration", b.Labels[0]),
			fmt.Sprintf("A %s data resource named %q was already declared at %%s. Resource names must be unique per type in each module.", b.Labels[0], b.Labels[1]))
	case "module":
		l.declared(declared, "module."+b.Labels[0], b.DefRange, "Duplicate module call",
			fmt.Sprintf("A module call named %q was already defined at %%s. Module calls must have unique names within a module.", b.Labels[0]))
	case "variable":
		l.declared(declared, "var."+b.Labels[0], b.DefRange, "Duplicate variable declaration",
			fmt.Sprintf("A variable named %q was already declared at %%s. Variable names must be unique within a module.", b.Labels[0]))
	case "output":
		l.declared(declared, "output."+b.Labels[0], b.DefRange, "Duplicate output definition",
			fmt.Sprintf("An output named %q was already defined at %%s. Output names must be unique within a module.", b.Labels[0]))
	}
}

// declared records key at rng, or reports it as declared twice; detail has
// one %s for the first declaration's place.
func (l *loader) declared(declared map[string]hcl.Range, key string, rng hcl.Range, summary, detail string) {
	first, dup := declared[key]
	if !dup {
		declared[key] = rng
		return
	}
	l.addOnce(hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(detail, first.String()), Subject: rng.Ptr()}})
}

// addOnce adds diagnostics not reported yet: a module directory that
// several module calls load is checked once per call.
func (l *loader) addOnce(diags hcl.Diagnostics) {
	for _, d := range diags {
		k := d.Summary
		if d.Subject != nil {
			k += "@" + d.Subject.String()
		}
		if l.reported[k] {
			continue
		}
		if l.reported == nil {
			l.reported = map[string]bool{}
		}
		l.reported[k] = true
		l.m.Diagnostics = append(l.m.Diagnostics, d)
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

func (l *loader) variableValue(b *hcl.Block, inputs map[string]cty.Value, tfvars map[string]cty.Value) cty.Value {
	name := b.Labels[0]
	attrs, _ := b.Body.JustAttributes()
	ty := cty.DynamicPseudoType
	var defaults *typeexpr.Defaults
	if a, ok := attrs["type"]; ok {
		if t, d, diags := typeexpr.TypeConstraintWithDefaults(a.Expr); !diags.HasErrors() {
			ty, defaults = t, d
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
		// A required variable without a value: set, but not knowable here.
		return cty.UnknownVal(ty)
	}
	return convertVariable(v, ty, defaults)
}

// convertVariable applies a variable's type defaults and converts v to its
// type, as Terraform does; a value that does not convert is unknown.
func convertVariable(v cty.Value, ty cty.Type, defaults *typeexpr.Defaults) (out cty.Value) {
	defer func() {
		if recover() != nil {
			out = cty.UnknownVal(ty)
		}
	}()
	if v.IsNull() {
		return cty.NullVal(ty)
	}
	if defaults != nil {
		v = defaults.Apply(v)
	}
	if ty == cty.DynamicPseudoType {
		return v
	}
	cv, err := convert.Convert(v, ty)
	if err != nil {
		return cty.UnknownVal(ty)
	}
	return cv
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
		ctx.Variables = map[string]cty.Value{"each": cty.DynamicVal, "count": cty.DynamicVal}
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

// addResource adds the instances of resource block hb to the module and
// the scope, and returns jobs with the building of their blocks added.
func (l *loader) addResource(scope *Scope, f *File, hb *hcl.Block, d *resDecl, jobs []blockJob) []blockJob {
	if d == nil || d.file != f || d.hb.DefRange != hb.DefRange {
		return jobs // a duplicate declaration: Terraform rejects it, we keep the first
	}
	base := &Resource{Mode: d.mode, Type: hb.Labels[0], Name: hb.Labels[1], Scope: scope, File: f}
	key := declKey(hb)
	scope.declared[key] = true
	if d.exp.expanded && len(d.exp.instances) == 0 {
		// count = 0 or an empty for_each with the current inputs: no
		// instance exists, but the block does, and other inputs create it.
		ctx := scope.ctx.NewChild()
		ctx.Variables = map[string]cty.Value{"each": cty.DynamicVal, "count": cty.DynamicVal}
		r := *base
		r.Expanded = true
		r.Block = &Block{}
		jobs = append(jobs, blockJob{r.Block, hb, f, ctx})
		l.m.Inactive = append(l.m.Inactive, &r)
		scope.inactive[r.Type] = append(scope.inactive[r.Type], &r)
		return jobs
	}
	for _, in := range d.exp.instances {
		ctx := scope.ctx
		if d.exp.expanded {
			ctx = scope.ctx.NewChild()
			ctx.Variables = in.vars
		}
		r := *base
		r.Key = in.key
		r.Expanded = d.exp.expanded
		r.Block = &Block{}
		jobs = append(jobs, blockJob{r.Block, hb, f, ctx})
		rp := &r
		l.m.Resources = append(l.m.Resources, rp)
		scope.byName[key] = append(scope.byName[key], rp)
		scope.byType[rp.Type] = append(scope.byType[rp.Type], rp)
	}
	return jobs
}
