package iac

import (
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Module is a loaded Terraform root module together with every local child
// module it calls. Resources of child modules are addressed module.NAME.….
type Module struct {
	// Dir is the directory that was loaded, as given to Load.
	Dir string
	// Files holds every loaded configuration file by slash path relative to Dir.
	Files map[string]*File
	// Resources lists every resource instance (managed and data) of the root
	// and its local child modules, in file order, root module first.
	Resources []*Resource
	// Inactive lists the resource blocks (managed and data) that have no
	// instance with the current inputs: count is 0, or for_each is empty.
	// They are not in Resources — Terraform creates nothing for them — but
	// they are declared, and other inputs create them: a rule that would
	// add such a resource must not add a second one. Their attributes are
	// evaluated with count and each unknown.
	Inactive []*Resource
	// Scopes lists the root module scope and one scope per local module call.
	Scopes []*Scope
	// Diagnostics are load problems: files that do not parse, modules that
	// cannot be found. Every other file is still loaded.
	Diagnostics hcl.Diagnostics

	refIndex map[refIndexKey]map[string][]*Resource
	idx      moduleCache
}

// File is one loaded configuration file.
type File struct {
	Path string // slash path relative to Module.Dir
	Src  []byte
	JSON bool // a .tf.json file
	// VarFile is true for a variable definition file (*.tfvars,
	// *.tfvars.json): top-level attributes, no blocks.
	VarFile bool
	Syntax  *hcl.File
	// Ignores are the inline ignore comments of the file.
	Ignores []Ignore

	blocks    map[int]*hclsyntax.Block
	lines     []int        // line start offsets, when the file has ignores
	ignoreIdx *ignoreIndex // where Ignores are, when the file was loaded
}

// Scope is one module instance: the root module or a local module call.
type Scope struct {
	// Path is the module path, empty for the root: ["store"] for module.store.
	Path []string
	// Dir is the module directory as a slash path relative to Module.Dir.
	Dir string
	// Callers counts the module calls in the loaded tree that use Dir.
	Callers int
	// Variables are the static values of input variables (unknown when not static).
	Variables map[string]cty.Value
	// Locals are the static values of local values.
	Locals map[string]cty.Value
	// Providers are the provider blocks of the module, by provider name.
	Providers []*Block

	byName     map[string][]*Resource // "type.name" or "data.type.name"
	byType     map[string][]*Resource
	inactive   map[string][]*Resource // blocks without instances, by type
	declared   map[string]bool        // every "type.name" and "data.type.name" declared
	localExprs map[string]hcl.Expression
	ctx        *hcl.EvalContext
}

// Prefix is the module part of an address: "" or "module.a.module.b.".
func (s *Scope) Prefix() string {
	var b strings.Builder
	for _, p := range s.Path {
		b.WriteString("module.")
		b.WriteString(p)
		b.WriteString(".")
	}
	return b.String()
}

// Mode says whether a resource is managed or a data source.
type Mode int

const (
	Managed Mode = iota
	Data
)

// Resource is one resource instance: a resource block, or one of its
// instances when count or for_each is statically known.
type Resource struct {
	Mode  Mode
	Type  string
	Name  string
	Scope *Scope
	File  *File
	// Key is the instance key (a string or a number) when count or for_each
	// is known; cty.NilVal for a single-instance resource or unknown keys.
	Key cty.Value
	// Expanded is true when the block has count or for_each.
	Expanded bool
	// Block is the resource block with attribute values evaluated for this instance.
	Block *Block
}

// ConfigAddress is the address of the resource block, without instance key.
func (r *Resource) ConfigAddress() string {
	p := r.Scope.Prefix()
	if r.Mode == Data {
		return p + "data." + r.Type + "." + r.Name
	}
	return p + r.Type + "." + r.Name
}

// Address is the full address, with the instance key where it is known.
func (r *Resource) Address() string {
	a := r.ConfigAddress()
	if r.Key == cty.NilVal {
		return a
	}
	return a + FormatKey(r.Key)
}

// FormatKey renders an instance key the way Terraform does: [0] or ["a"].
func FormatKey(k cty.Value) string {
	if k.Type() == cty.Number {
		bf := k.AsBigFloat()
		return "[" + bf.Text('f', -1) + "]"
	}
	if k.Type() == cty.String {
		return fmt.Sprintf("[%q]", k.AsString())
	}
	return ""
}

// Block is a configuration block with its attributes evaluated statically.
type Block struct {
	Type   string
	Labels []string
	Attrs  map[string]*Attr
	Blocks []*Block
	// Range covers the whole block; TypeRange its first line's type keyword.
	Range      hcl.Range
	TypeRange  hcl.Range
	OpenBrace  hcl.Range
	CloseBrace hcl.Range
	// Dynamic is true for the content of a dynamic block.
	Dynamic bool
	// File is the file holding the block.
	File *File
}

// Attr is one attribute with its expression, its range and its static value.
type Attr struct {
	Name  string
	Expr  hcl.Expression
	Range hcl.Range // the whole "name = expr"

	// The value is evaluated on first use, in the evaluation context of
	// its block (complete, and never changed, once the block is built):
	// most attributes are never asked for by any rule, and evaluating
	// every one (merge() of tags, for expressions, templates) was a tenth
	// of a scan's CPU.
	once  sync.Once
	ctx   *hcl.EvalContext
	value cty.Value
}

// newAttr is an attribute whose value is expr evaluated in ctx when it is
// first asked for.
func newAttr(name string, expr hcl.Expression, rng hcl.Range, ctx *hcl.EvalContext) *Attr {
	return &Attr{Name: name, Expr: expr, Range: rng, ctx: ctx}
}

// Value is the statically evaluated value; unknown where it cannot be
// known. Safe for concurrent use.
func (a *Attr) Value() cty.Value {
	a.once.Do(func() {
		a.value = evaluate(a.Expr, a.ctx)
		a.ctx = nil
	})
	return a.value
}

// Known reports whether the attribute's value is wholly known.
func (a *Attr) Known() bool {
	if a == nil {
		return false
	}
	return known(a.Value())
}

func known(v cty.Value) bool { return v != cty.NilVal && v.IsWhollyKnown() }

// State is the provenance of a value a rule asks for.
type State int

const (
	// Absent: the attribute is not set; the provider default applies.
	Absent State = iota
	// Known: the attribute is set to a value known statically.
	Known
	// Unknown: the attribute is set but its value cannot be known statically.
	Unknown
)

// Attr returns the named attribute or nil.
func (b *Block) Attr(name string) *Attr {
	if b == nil {
		return nil
	}
	return b.Attrs[name]
}

// Get returns the attribute's value and its provenance.
func (b *Block) Get(name string) (cty.Value, State) {
	a := b.Attr(name)
	if a == nil {
		return cty.NilVal, Absent
	}
	v := a.Value()
	if !known(v) {
		return v, Unknown
	}
	if v.IsNull() {
		return v, Absent
	}
	return v, Known
}

// Bool returns a boolean attribute. An absent attribute is (false, Absent).
func (b *Block) Bool(name string) (bool, State) {
	v, st := b.Get(name)
	if st != Known {
		return false, st
	}
	if v.Type() == cty.String {
		switch v.AsString() {
		case "true":
			return true, Known
		case "false":
			return false, Known
		}
		return false, Unknown
	}
	if v.Type() != cty.Bool {
		return false, Unknown
	}
	return v.True(), Known
}

// String returns a string attribute. An absent attribute is ("", Absent).
func (b *Block) String(name string) (string, State) {
	v, st := b.Get(name)
	if st != Known {
		return "", st
	}
	switch v.Type() {
	case cty.String:
		return v.AsString(), Known
	case cty.Number:
		return v.AsBigFloat().Text('f', -1), Known
	case cty.Bool:
		if v.True() {
			return "true", Known
		}
		return "false", Known
	}
	return "", Unknown
}

// Number returns a numeric attribute as float64.
func (b *Block) Number(name string) (float64, State) {
	v, st := b.Get(name)
	if st != Known {
		return 0, st
	}
	switch v.Type() {
	case cty.Number:
		f, _ := v.AsBigFloat().Float64()
		return f, Known
	case cty.String:
		var f float64
		if _, err := fmt.Sscanf(v.AsString(), "%g", &f); err == nil {
			return f, Known
		}
	}
	return 0, Unknown
}

// Strings returns a list/set/tuple of strings. ok is false when the value is
// not a known collection of known strings.
func (b *Block) Strings(name string) ([]string, State) {
	v, st := b.Get(name)
	if st != Known {
		return nil, st
	}
	if !v.CanIterateElements() {
		if v.Type() == cty.String {
			return []string{v.AsString()}, Known
		}
		return nil, Unknown
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() || !e.IsKnown() || e.Type() != cty.String {
			return nil, Unknown
		}
		out = append(out, e.AsString())
	}
	return out, Known
}

// Nested returns the nested blocks of the given type.
func (b *Block) Nested(typ string) []*Block {
	if b == nil {
		return nil
	}
	var out []*Block
	for _, c := range b.Blocks {
		if c.Type == typ {
			out = append(out, c)
		}
	}
	return out
}

// First returns the first nested block of the given type or nil.
func (b *Block) First(typ string) *Block {
	for _, c := range b.Blocks {
		if c.Type == typ {
			return c
		}
	}
	return nil
}

// HasDynamic reports whether the block has a dynamic block of the given type.
func (b *Block) HasDynamic(typ string) bool {
	for _, c := range b.Blocks {
		if c.Type == typ && c.Dynamic {
			return true
		}
	}
	return false
}

// ResourcesOfType returns every resource instance of the given type (managed).
func (m *Module) ResourcesOfType(typ string) []*Resource {
	return m.OfType(typ)
}

// Lookup returns the instances of resource "type.name" (or "data.type.name")
// in the given scope.
func (s *Scope) Lookup(key string) []*Resource { return s.byName[key] }

// Declared reports whether the scope declares resource "type.name" (or
// "data.type.name"), whether or not it has instances with the current
// inputs. A new resource must not take a declared name.
func (s *Scope) Declared(key string) bool { return s.declared[key] }

// Condition says why an inactive resource has no instance: "count is 0" or
// "for_each is empty", with the expression's source text and range.
func (r *Resource) Condition() (what, expr string, rng hcl.Range) {
	what = "count is 0"
	a := r.Block.Attr("count")
	if a == nil {
		what = "for_each is empty"
		a = r.Block.Attr("for_each")
	}
	if a == nil {
		return "", "", hcl.Range{}
	}
	er := a.Expr.Range()
	if src := r.File.Src; er.Start.Byte >= 0 && er.End.Byte <= len(src) && er.Start.Byte <= er.End.Byte {
		expr = string(src[er.Start.Byte:er.End.Byte])
	}
	return what, expr, a.Range
}

// InactiveReferrers returns the inactive managed resources of type typ in
// target's scope whose attribute attr refers to target (as Referrers does
// for resources with instances), or names it by a known value equal to
// target's known matchAttr value.
func (m *Module) InactiveReferrers(target *Resource, typ, attr, matchAttr string) []*Resource {
	var out []*Resource
	want, wantSt := "", Absent
	if matchAttr != "" {
		want, wantSt = target.Block.String(matchAttr)
	}
	for _, r := range target.Scope.inactive[typ] {
		if r.Mode != Managed {
			continue
		}
		hit := false
		for _, t := range m.Refs(r, attr) {
			if t == target {
				hit = true
				break
			}
		}
		if !hit && wantSt == Known && want != "" {
			if v, st := r.Block.String(attr); st == Known && v == want {
				hit = true
			}
		}
		if hit {
			out = append(out, r)
		}
	}
	return out
}

// Slim returns a copy of m that keeps what identifies its files and
// resources — paths, contents, addresses, diagnostics — and drops the syntax
// trees and evaluated blocks (Resource.Block and File.Syntax are nil), so
// that a module kept for later, such as the unedited input of a fix, does
// not keep them alive while the edited files are loaded.
func (m *Module) Slim() *Module {
	out := &Module{Dir: m.Dir, Files: make(map[string]*File, len(m.Files)), Diagnostics: m.Diagnostics}
	for p, f := range m.Files {
		out.Files[p] = &File{Path: f.Path, Src: f.Src, JSON: f.JSON, VarFile: f.VarFile}
	}
	scopes := make(map[*Scope]*Scope, len(m.Scopes))
	for _, s := range m.Scopes {
		ns := &Scope{Path: s.Path, Dir: s.Dir, Callers: s.Callers}
		scopes[s] = ns
		out.Scopes = append(out.Scopes, ns)
	}
	slim := func(rs []*Resource) []*Resource {
		out2 := make([]*Resource, 0, len(rs))
		for _, r := range rs {
			out2 = append(out2, &Resource{Mode: r.Mode, Type: r.Type, Name: r.Name, Key: r.Key, Expanded: r.Expanded, Scope: scopes[r.Scope], File: out.Files[r.File.Path]})
		}
		return out2
	}
	out.Resources = slim(m.Resources)
	out.Inactive = slim(m.Inactive)
	return out
}
