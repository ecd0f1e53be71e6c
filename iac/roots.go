package iac

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// RootModules finds the Terraform root modules at and below dir (a slash
// path inside fsys), the way trivy config does: every directory that holds
// .tf or .tf.json files is a module, and a module is a root unless another
// module below dir calls it as a local module (source = "./…" or "../…").
// dir itself, when it holds configuration files, is always a root: it is
// what was asked for. Directories that are not Terraform are skipped:
// .terraform, .git, .driftfix and every other hidden directory, and
// node_modules. Symbolic links to directories are not followed.
//
// The roots are returned as sorted slash paths relative to dir ("." for
// dir). A directory below dir that cannot be read is a warning; dir itself
// that cannot be read is an error.
//
// Only the files that contain a module block are parsed, so finding the
// roots costs a directory walk and little more.
func RootModules(ctx context.Context, fsys fs.FS, dir string) ([]string, hcl.Diagnostics) {
	dir = path.Clean(dir)
	files := map[string][]string{} // module directory -> its configuration files
	var order []string             // module directories in walk order
	var diags hcl.Diagnostics
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Cannot read directory",
				Detail: fmt.Sprintf("%s is not scanned: %v", relBelow(dir, p), err)})
			return nil
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		name := d.Name()
		if d.IsDir() {
			if p != dir && (strings.HasPrefix(name, ".") || name == "node_modules") {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") || !(strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")) {
			return nil
		}
		parent := path.Dir(p)
		if _, seen := files[parent]; !seen {
			order = append(order, parent)
		}
		files[parent] = append(files[parent], p)
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Interrupted", Detail: ctx.Err().Error()})
		}
		return nil, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read directory", Detail: err.Error()})
	}

	// the files are read and their module calls found in parallel; the
	// calls are then taken in walk order
	var all []string
	for _, mod := range order {
		all = append(all, files[mod]...)
	}
	calls := make([][]string, len(all)) // by index in all
	parallel(len(all), func(i int) {
		if ctx.Err() == nil {
			calls[i] = localCalls(fsys, all[i])
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Interrupted", Detail: err.Error()})
	}
	called := map[string]bool{}
	for i, f := range all {
		for _, child := range calls[i] {
			if child != path.Dir(f) {
				called[child] = true
			}
		}
	}
	roots := []string{}
	for _, mod := range order {
		if mod == dir || !called[mod] {
			roots = append(roots, relBelow(dir, mod))
		}
	}
	sort.Strings(roots)
	return roots, diags
}

// relBelow turns p, a path at or below dir, into a path relative to dir.
func relBelow(dir, p string) string {
	switch {
	case p == dir:
		return "."
	case dir == ".":
		return p
	}
	return strings.TrimPrefix(p, dir+"/")
}

// mayCallModule reports whether src may hold a module block: a line that
// starts with `module "name"` (or an unquoted label) in native syntax, a
// "module" key in JSON. It keeps the files without one from being parsed
// twice (here and by Load), and is much faster than a regular expression.
func mayCallModule(src []byte, isJSON bool) bool {
	if isJSON {
		return bytes.Contains(src, []byte(`"module"`))
	}
	word := []byte("module")
	for off := 0; ; {
		i := bytes.Index(src[off:], word)
		if i < 0 {
			return false
		}
		i += off
		off = i + len(word)
		// only blanks before it on its line
		j := i - 1
		for j >= 0 && (src[j] == ' ' || src[j] == '\t') {
			j--
		}
		if j >= 0 && src[j] != '\n' {
			continue
		}
		// then a label: quoted, or an identifier after a blank
		k := off
		for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
			k++
		}
		if k == len(src) {
			return false
		}
		if c := src[k]; c == '"' || k > off && (c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return true
		}
	}
}

var localCallSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "module", LabelNames: []string{"name"}}}}

// localCalls returns the directories (fs paths) that the module blocks of
// the configuration file at p call with a local source. A file that cannot
// be read or parsed calls nothing here; Load reports it. Through a
// CachedFS each file is parsed for it once.
func localCalls(fsys fs.FS, p string) []string {
	if c, ok := fsys.(*CachedFS); ok {
		return c.localCalls(p)
	}
	return findLocalCalls(fsys, p)
}

func findLocalCalls(fsys fs.FS, p string) []string {
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil
	}
	isJSON := strings.HasSuffix(p, ".json")
	if !mayCallModule(src, isJSON) {
		return nil
	}
	var f *hcl.File
	var diags hcl.Diagnostics
	if c, ok := fsys.(*CachedFS); ok {
		// parsed as the root module of its directory will load it (a file
		// that calls modules is most often a root's), for Load to take
		name := path.Base(p)
		rd := c.read(p, name, func() read { return readFile(fsys, p, name) })
		f, diags = rd.syn, rd.diags
	} else {
		f, diags = safeParse(src, p, isJSON)
	}
	if f == nil || diags.HasErrors() {
		return nil
	}
	content, _, _ := f.Body.PartialContent(localCallSchema)
	var out []string
	for _, b := range content.Blocks {
		attrs, _ := b.Body.JustAttributes()
		a, ok := attrs["source"]
		if !ok {
			continue
		}
		v := evaluate(a.Expr, nil)
		if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
			continue
		}
		source := v.AsString()
		if strings.HasPrefix(source, "./") || strings.HasPrefix(source, "../") {
			out = append(out, path.Join(path.Dir(p), source))
		}
	}
	return out
}

// SharedModules returns the local module directories that more than one of
// roots (as RootModules returns them, relative to dir) calls, directly or
// through other local modules, each with the roots that call it. Paths are
// slash paths relative to dir; a module outside dir starts with "../".
func SharedModules(fsys fs.FS, dir string, roots []string) map[string][]string {
	dir = path.Clean(dir)
	callers := map[string][]string{}
	for _, root := range roots {
		for _, child := range calledFrom(fsys, path.Join(dir, root)) {
			callers[child] = append(callers[child], root)
		}
	}
	out := map[string][]string{}
	for mod, rs := range callers {
		if len(rs) > 1 {
			rel := mod
			if dir != "." {
				rel = relPath(dir, mod)
			}
			out[rel] = rs
		}
	}
	return out
}

// LocalModules returns the directories of the local modules that the
// module at dir (a slash path inside fsys) calls, directly or through other
// local modules, as sorted slash paths inside fsys; dir is not among them.
// A module outside fsys is returned as a path starting with "../"; it
// cannot be read, so the modules it calls are not found.
func LocalModules(fsys fs.FS, dir string) []string {
	out := calledFrom(fsys, path.Clean(dir))
	sort.Strings(out)
	return out
}

// calledFrom walks the local module calls from the module at start,
// breadth first, and returns each called directory once.
func calledFrom(fsys fs.FS, start string) []string {
	seen := map[string]bool{start: true}
	queue := []string{start}
	var out []string
	for len(queue) > 0 {
		mod := queue[0]
		queue = queue[1:]
		files, _ := configFiles(fsys, mod)
		for _, f := range files {
			for _, child := range localCalls(fsys, f) {
				if !seen[child] {
					seen[child] = true
					queue = append(queue, child)
					out = append(out, child)
				}
			}
		}
	}
	return out
}

// relPath is the slash path of p relative to dir ("." for dir itself),
// with "../" steps when p is not below dir.
func relPath(dir, p string) string {
	d := strings.Split(dir, "/")
	q := strings.Split(p, "/")
	i := 0
	for i < len(d) && i < len(q) && d[i] == q[i] {
		i++
	}
	var parts []string
	for range d[i:] {
		parts = append(parts, "..")
	}
	if r := path.Join(append(parts, q[i:]...)...); r != "" {
		return r
	}
	return "."
}
