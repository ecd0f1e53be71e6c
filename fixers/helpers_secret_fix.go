package fixers

import (
	"cmp"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/secrets"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// How the hardcoded-secret rule fixes what it finds:
//
//   - static credentials of the AWS provider or of the s3 backend are
//     removed, so that the SDK's default chain is used;
//   - a variable's literal default is removed and the variable marked
//     sensitive, so that the value must be supplied;
//   - a value in a variable file is removed from it, and the variable it
//     sets marked sensitive;
//   - any other literal is replaced by a reference to a new variable marked
//     sensitive, without a default (or to the variable the user names), and
//     an output that shows it is marked sensitive too.
//
// What cannot be moved this way (a module source, a backend other than s3,
// a JSON file, a module other modules call) is reported with the reason.

// declRef is a top-level block of a file.
type declRef struct {
	file  *iac.File
	block *hclsyntax.Block
}

// scopeDecls are the declarations of a module directory the fixes need.
type scopeDecls struct {
	vars map[string]declRef
	// outputsOf lists, by local name, the outputs whose value refers to it.
	outputsOf map[string][]declRef
	// last is the last block of variables.tf, where new variables go.
	last *declRef
	// names maps each secret's fingerprint to the variable it moves to.
	names map[string]string
	taken map[string]bool
}

func (s *secretScan) declsOf(sc *iac.Scope) *scopeDecls {
	dir := path.Clean(sc.Dir)
	if d := s.decls[dir]; d != nil {
		return d
	}
	d := &scopeDecls{vars: map[string]declRef{}, outputsOf: map[string][]declRef{}, names: map[string]string{}, taken: map[string]bool{}}
	for name := range sc.Variables {
		d.taken[name] = true
	}
	paths := make([]string, 0, len(s.m.Files))
	for p, f := range s.m.Files {
		if path.Dir(p) == dir && !f.JSON && !f.VarFile && f.Syntax != nil {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		f := s.m.Files[p]
		body, ok := f.Syntax.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		for _, b := range body.Blocks {
			switch {
			case b.Type == "variable" && len(b.Labels) == 1:
				d.vars[b.Labels[0]] = declRef{f, b}
				d.taken[b.Labels[0]] = true
			case b.Type == "output":
				if a := b.Body.Attributes["value"]; a != nil {
					for _, tr := range a.Expr.Variables() {
						if tr.RootName() == "local" && len(tr) > 1 {
							if at, ok := tr[1].(hcl.TraverseAttr); ok {
								d.outputsOf[at.Name] = append(d.outputsOf[at.Name], declRef{f, b})
							}
						}
					}
				}
			}
		}
		if path.Base(p) == "variables.tf" && len(body.Blocks) > 0 {
			d.last = &declRef{f, body.Blocks[len(body.Blocks)-1]}
		}
	}
	s.decls[dir] = d
	return d
}

// sensitive reports whether a block sets sensitive = true.
func sensitiveBlock(b *hclsyntax.Block) bool {
	a := b.Body.Attributes["sensitive"]
	if a == nil {
		return false
	}
	v, diags := a.Expr.Value(nil)
	return !diags.HasErrors() && v.Type() == cty.Bool && v.IsKnown() && v.True()
}

func (s *secretScan) plan() {
	// the variables the user named first: another literal with the same
	// secret moves to the same variable, whatever the order
	for _, h := range s.hits {
		if n := s.in.SecretVariables[h.key()]; n != "" && !h.site.fromJSON {
			s.declsOf(h.scope).names[secrets.Fingerprint(h.value)] = n
		}
	}
	for _, h := range s.hits {
		s.planOne(h)
	}
}

// key is how the user names a finding's place: its address, a dot and its
// attribute.
func (h *secretHit) key() string {
	if h.attribute == "" {
		return h.address
	}
	return h.address + "." + h.attribute
}

func (s *secretScan) planOne(h *secretHit) {
	if h.site.fromJSON {
		h.reason = "the secret is in a JSON file, which driftfix does not edit; move it into a sensitive variable by hand"
		return
	}
	typ, labels, rest := blockOf(h.site)
	label := ""
	if len(labels) > 0 {
		label = labels[0]
	}
	switch {
	case typ == "provider" && label == "aws" && len(rest) == 1 && isAWSCredential(rest[0]):
		s.removeCredentials(h, h.file.TopBlock(h.site.top), "provider.aws")
	case typ == "terraform" && len(rest) == 3 && rest[0] == "backend" && rest[1] == "s3" && isAWSCredential(rest[2]):
		var backend *iac.Block
		for _, b := range h.file.TopBlock(h.site.top).Nested("backend") {
			if len(b.Labels) == 1 && b.Labels[0] == "s3" {
				backend = b
			}
		}
		s.removeCredentials(h, backend, "the s3 backend")
	case typ == "terraform":
		h.reason = "the terraform block cannot refer to variables: take the value out and give it with -backend-config, the backend's environment variables or a credentials file outside the repository"
	case typ == "module" && len(rest) > 0 && (rest[0] == "source" || rest[0] == "version"):
		h.reason = "a module source cannot refer to variables: let git take the credentials from a credential helper or SSH instead of the URL"
	case typ == "variable":
		if len(rest) == 1 && rest[0] == "default" && h.whole {
			s.removeDefault(h, label)
			return
		}
		h.reason = fmt.Sprintf("the secret is inside var.%s's declaration, and a default cannot refer to another variable: take it out and supply the value", label)
	case typ == "":
		if len(rest) == 1 && h.whole && h.file.Body() != nil {
			s.removeFromVarFile(h, rest[0])
			return
		}
		h.reason = fmt.Sprintf("the secret is inside the value of %s in %s: take it out of the file by hand and supply it another way", first(rest), path.Base(h.file.Path))
	case len(h.scope.Path) > 0:
		h.reason = fmt.Sprintf("the secret is in module.%s (%s): a variable there would have to be passed by every call of the module; move it into a sensitive variable by hand and pass it from the root module",
			strings.Join(h.scope.Path, ".module."), h.scope.Dir)
	case !h.whole && h.span.Filename == "":
		h.reason = "the secret's text in the file is written with escape sequences; move it into a sensitive variable by hand"
	case typ == "dynamic" || h.site.top == nil:
		h.reason = "driftfix does not move a secret out of this kind of block; move it into a sensitive variable by hand"
	default:
		s.moveToVariable(h, typ, rest)
	}
}

func isAWSCredential(name string) bool {
	for _, c := range awsCredentialAttrs {
		if c == name {
			return true
		}
	}
	return false
}

// removeCredentials takes every static credential out of b (the AWS
// provider or the s3 backend).
func (s *secretScan) removeCredentials(h *secretHit, b *iac.Block, what string) {
	if b == nil {
		h.reason = "the block holding the credentials was not found"
		return
	}
	var names []string
	for _, n := range awsCredentialAttrs {
		if b.Attrs[n] == nil {
			continue
		}
		if !iac.Removable(b, n) {
			h.reason = fmt.Sprintf("%s shares its line with other code; take the credentials out by hand", n)
			return
		}
		names = append(names, n)
	}
	id := hardcodedSecretMeta.ID
	h.note = fmt.Sprintf("%s has no static credentials any more: it takes them from the AWS SDK's default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, SSO, an instance or task role)", what)
	h.fix = func(ed *iac.Editor) error {
		for _, n := range names {
			if err := ed.RemoveAttr(id, b, n); err != nil {
				return err
			}
		}
		return nil
	}
}

// removeDefault takes a variable's literal default out and marks it
// sensitive: the value must be supplied.
func (s *secretScan) removeDefault(h *secretHit, name string) {
	vb := h.file.TopBlock(h.site.top)
	if !iac.Removable(vb, "default") {
		h.reason = "the default shares its line with other code; take it out by hand"
		return
	}
	id := hardcodedSecretMeta.ID
	sens := sensitiveBlock(h.site.top)
	h.varName = name
	h.note = supplyNote(name, "")
	h.fix = func(ed *iac.Editor) error {
		if err := ed.RemoveAttr(id, vb, "default"); err != nil {
			return err
		}
		if !sens {
			return ed.SetAttr(id, vb, "sensitive", "true")
		}
		return nil
	}
}

// removeFromVarFile takes the variable's value out of a variable file and
// marks the variable sensitive where it is declared.
func (s *secretScan) removeFromVarFile(h *secretHit, name string) {
	body := h.file.Body()
	if !iac.Removable(body, name) {
		h.reason = fmt.Sprintf("%s shares its line with other code in %s; take it out by hand", name, path.Base(h.file.Path))
		return
	}
	id := hardcodedSecretMeta.ID
	var decl *iac.Block
	if d, ok := s.declsOf(h.scope).vars[name]; ok && !sensitiveBlock(d.block) {
		decl = d.file.TopBlock(d.block)
	}
	h.varName = name
	h.note = supplyNote(name, path.Base(h.file.Path))
	h.fix = func(ed *iac.Editor) error {
		if err := ed.RemoveAttr(id, body, name); err != nil {
			return err
		}
		if decl != nil {
			return ed.SetAttr(id, decl, "sensitive", "true")
		}
		return nil
	}
}

// moveToVariable replaces the literal (or the secret's part of it) with a
// reference to a sensitive variable without a default.
func (s *secretScan) moveToVariable(h *secretHit, typ string, rest []string) {
	d := s.declsOf(h.scope)
	fp := secrets.Fingerprint(h.value)
	name, exists := s.variableFor(h, d, fp, typ, rest)
	h.varName = name
	h.note = supplyNote(name, "")
	id := hardcodedSecretMeta.ID
	ref := "var." + name
	file := h.file
	var rng hcl.Range
	var text string
	if h.whole {
		rng, text = h.site.expr, ref
		if e := rng.End.Byte; e > 0 && e <= len(file.Src) && file.Src[e-1] == '\n' {
			text += "\n" // a heredoc ended its line
		}
	} else {
		rng, text = h.span, "${"+ref+"}"
	}
	var decl, after *iac.Block
	var sensitiveToo []*iac.Block
	switch {
	case exists:
		if dr, ok := d.vars[name]; ok && !sensitiveBlock(dr.block) {
			decl = dr.file.TopBlock(dr.block)
		}
	case d.last != nil:
		after = d.last.file.TopBlock(d.last.block)
	default:
		after = file.TopBlock(h.site.top)
	}
	switch typ {
	case "output":
		if !sensitiveBlock(h.site.top) {
			sensitiveToo = append(sensitiveToo, file.TopBlock(h.site.top))
		}
	case "locals":
		for _, o := range d.outputsOf[first(rest)] {
			if !sensitiveBlock(o.block) {
				sensitiveToo = append(sensitiveToo, o.file.TopBlock(o.block))
			}
		}
	}
	where := h.address
	if h.attribute != "" {
		where += "." + h.attribute
	}
	nb := iac.NewBlock{Type: "variable", Labels: []string{name}, Attrs: []iac.NewAttr{
		{Name: "description", Expr: iac.Quote(fmt.Sprintf("Was hardcoded in %s; supply it, e.g. as TF_VAR_%s", where, name))},
		{Name: "type", Expr: "string"},
		{Name: "sensitive", Expr: "true"},
	}}
	h.fix = func(ed *iac.Editor) error {
		if err := ed.ReplaceRange(id, file, rng, text); err != nil {
			return err
		}
		if after != nil {
			if err := ed.AddBlockAfter(id, after, nb); err != nil {
				return err
			}
		}
		if decl != nil {
			if err := ed.SetAttr(id, decl, "sensitive", "true"); err != nil {
				return err
			}
		}
		for _, b := range sensitiveToo {
			if err := ed.SetAttr(id, b, "sensitive", "true"); err != nil {
				return err
			}
		}
		return nil
	}
}

// variableFor picks the variable a secret moves to: the one the user
// named for the finding (existing or not), the one another literal with
// the same secret in this module moves to, or a new name made from where
// the secret is, not taken by any variable of the module.
func (s *secretScan) variableFor(h *secretHit, d *scopeDecls, fp, typ string, rest []string) (name string, exists bool) {
	if n := s.in.SecretVariables[h.key()]; n != "" {
		_, exists = d.vars[n]
		if !exists {
			d.taken[n] = true
		}
		return n, exists
	}
	if n, ok := d.names[fp]; ok {
		_, exists = d.vars[n]
		return n, exists
	}
	_, labels, _ := blockOf(h.site)
	// where the secret was: the block, then the name it was bound to (an
	// environment variable's name in a map, a script or a name/value pair)
	// or, for an attribute of its own, the attribute
	tail := rest
	if n := cmp.Or(h.inner, h.site.name); len(rest) > 1 || h.inner != "" {
		tail = []string{n}
	}
	var parts []string
	switch typ {
	case "resource":
		parts = append([]string{strings.TrimPrefix(labels[0], "aws_"), labels[1]}, tail...)
	case "data":
		parts = append([]string{"data", strings.TrimPrefix(labels[0], "aws_"), labels[1]}, tail...)
	case "locals":
		parts = rest
	default:
		parts = append(append([]string(nil), labels...), tail...)
	}
	base := variableName(parts)
	name = base
	for i := 2; d.taken[name]; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	d.taken[name] = true
	d.names[fp] = name
	return name, false
}

// variableName makes a variable name of parts: lower case, words joined by
// underscores, at most 64 characters, starting with a letter.
func variableName(parts []string) string {
	var words []string
	for _, p := range parts {
		var sb strings.Builder
		for i, r := range p {
			switch {
			case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
				sb.WriteRune(r)
			case r >= 'A' && r <= 'Z':
				if i > 0 && p[i-1] >= 'a' && p[i-1] <= 'z' {
					sb.WriteByte('_')
				}
				sb.WriteRune(r + 'a' - 'A')
			default:
				sb.WriteByte('_')
			}
		}
		for _, w := range strings.Split(sb.String(), "_") {
			if w != "" {
				words = append(words, w)
			}
		}
	}
	name := strings.Join(words, "_")
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		name = "secret_" + name
	}
	if len(name) > 64 {
		name = strings.TrimRight(name[:64], "_")
	}
	return strings.TrimRight(name, "_")
}

// supplyNote says how the variable is given once the fix is applied.
func supplyNote(name string, varFile string) string {
	from := ""
	if varFile != "" {
		from = " other than " + varFile
	}
	return fmt.Sprintf("supply var.%s (sensitive, no default) some way%s that keeps it out of the repository, e.g. TF_VAR_%s in the environment", name, from, name)
}
