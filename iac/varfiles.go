package iac

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Variable definition files (.tfvars): Terraform loads terraform.tfvars and
// *.auto.tfvars (and their .json forms) by itself, in that order; other
// *.tfvars files are given with -var-file. All of them are loaded into
// Module.Files (File.VarFile), so that rules can read them and fixes can
// edit them; only the root module's auto-loaded ones give variables their
// values.

// varFileNames returns the variable definition files of dir: the ones
// Terraform loads by itself, in its order of precedence (later wins), and
// the others, sorted.
func varFileNames(fsys fs.FS, dir string) (auto, others []string) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil
	}
	var first []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") {
			continue
		}
		switch {
		case n == "terraform.tfvars" || n == "terraform.tfvars.json":
			first = append(first, path.Join(dir, n))
		case strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json"):
			auto = append(auto, path.Join(dir, n))
		case strings.HasSuffix(n, ".tfvars") || strings.HasSuffix(n, ".tfvars.json"):
			others = append(others, path.Join(dir, n))
		}
	}
	sort.Strings(first)
	sort.Strings(auto)
	sort.Strings(others)
	return append(first, auto...), others
}

// loadVarFile reads and parses a variable definition file once and adds it
// to the module's files. A file Terraform loads by itself that does not
// parse is an error, as Terraform says; another one (given with -var-file,
// if at all) is a warning that it was not read.
func (l *loader) loadVarFile(fsPath string, auto bool) *File {
	if f, ok := l.varFiles[fsPath]; ok {
		return f
	}
	if l.varFiles == nil {
		l.varFiles = map[string]*File{}
	}
	l.varFiles[fsPath] = nil
	rel := l.rel(fsPath)
	rd := l.read(fsPath, rel)
	if rd.err != nil {
		l.addOnce(hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read file", Detail: rd.err.Error(), Subject: &hcl.Range{Filename: rel, Start: hcl.InitialPos, End: hcl.InitialPos}}})
		return nil
	}
	f := &File{Path: rel, Src: rd.src, JSON: strings.HasSuffix(fsPath, ".json"), VarFile: true}
	l.m.Files[rel] = f
	if rd.diags.HasErrors() || rd.syn == nil {
		if auto {
			l.addOnce(rd.diags)
		} else {
			for _, d := range rd.diags {
				w := *d
				w.Severity = hcl.DiagWarning
				w.Summary = "Variable file not read"
				w.Detail = fmt.Sprintf("%s does not parse, so it was not scanned: %s", rel, d.Summary)
				l.addOnce(hcl.Diagnostics{&w})
			}
		}
		return nil
	}
	f.Syntax = rd.syn
	f.Ignores, f.lines, f.ignoreIdx = rd.ignores, rd.lines, rd.ignoreIdx
	if _, diags := f.Syntax.Body.JustAttributes(); diags.HasErrors() {
		// a block in a variable file: Terraform refuses it
		if auto {
			l.addOnce(diags)
		}
	}
	l.varFiles[fsPath] = f
	return f
}

// tfvarsValues evaluates the variables set by the auto-loaded variable
// files, later files winning.
func (l *loader) tfvarsValues(files []*File) map[string]cty.Value {
	out := map[string]cty.Value{}
	for _, f := range files {
		attrs, _ := f.Syntax.Body.JustAttributes()
		for n, a := range attrs {
			out[n] = evaluate(a.Expr, nil)
		}
	}
	return out
}

// Body returns the top-level attributes of a native-syntax variable file as
// a block without braces, for the editor (RemoveAttr). Nil for a JSON file
// or one that did not parse.
func (f *File) Body() *Block {
	body, ok := f.bodySyntax()
	if !ok {
		return nil
	}
	b := &Block{File: f, Range: body.SrcRange, Attrs: make(map[string]*Attr, len(body.Attributes))}
	for name, a := range body.Attributes {
		b.Attrs[name] = newAttr(name, a.Expr, a.SrcRange, nil)
	}
	return b
}

// TopBlock returns top-level block sb of the file (a native-syntax block
// of f.Syntax) as a Block, its attributes evaluated without variables, for
// rules that read or edit blocks other than resources: variables, outputs,
// locals, the terraform block.
func (f *File) TopBlock(sb *hclsyntax.Block) *Block {
	b := &Block{Type: sb.Type, Labels: sb.Labels, File: f, Range: sb.Range(), TypeRange: sb.TypeRange, OpenBrace: sb.OpenBraceRange, CloseBrace: sb.CloseBraceRange}
	fillSyntaxBody(b, sb.Body, nil)
	return b
}

func (f *File) bodySyntax() (*hclsyntax.Body, bool) {
	if f == nil || f.Syntax == nil || f.JSON {
		return nil, false
	}
	body, ok := f.Syntax.Body.(*hclsyntax.Body)
	return body, ok
}
