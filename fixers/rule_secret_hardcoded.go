package fixers

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/secrets"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// hardcodedSecret: a credential written into the code — an AWS access key
// in a provider block, a database password, a token, a private key in a
// heredoc, a secret in a .tfvars file. Anyone who can read the repository
// (and its history, and every clone) has it.
var hardcodedSecret = Rule{Meta: hardcodedSecretMeta, Check: checkHardcodedSecrets}

// secretAttributes are the resource attributes that hold a secret by
// design: a plan that changes one rotates a credential, which people
// review (the class is high risk). The fix itself leaves them unchanged
// when the variable is given the same value.
var secretAttributes = []struct{ typ, path string }{
	{"aws_db_instance", "password"},
	{"aws_rds_cluster", "master_password"},
	{"aws_docdb_cluster", "master_password"},
	{"aws_redshift_cluster", "master_password"},
	{"aws_redshiftserverless_namespace", "admin_user_password"},
	{"aws_elasticache_replication_group", "auth_token"},
	{"aws_ssm_parameter", "value"},
	{"aws_secretsmanager_secret_version", "secret_string"},
	{"aws_dms_endpoint", "password"},
	{"aws_directory_service_directory", "password"},
	{"aws_codebuild_source_credential", "token"},
	{"aws_amplify_app", "access_token"},
	{"aws_opensearch_domain", "advanced_security_options[0].master_user_options[0].master_user_password"},
}

var hardcodedSecretMeta = func() Meta {
	m := Meta{
		ID:       "aws-hardcoded-secret",
		Title:    "A credential is hardcoded in the Terraform code",
		Severity: Critical,
		Class:    ClassSecrets,
		// checkov's provider check; its secret scanner's IDs and the
		// Lambda and user-data checks cover the rest.
		Refs: Refs{Checkov: "CKV_AWS_41", Also: []string{"CKV_SECRET_2", "CKV_SECRET_6", "CKV_SECRET_13", "CKV_SECRET_14",
			"CKV_SECRET_17", "CKV_AWS_45", "CKV_AWS_46"}},
	}
	for _, a := range secretAttributes {
		m.ResourceTypes = append(m.ResourceTypes, a.typ)
		m.Touches = append(m.Touches, Touch{ResourceType: a.typ, Paths: []string{a.path}, Safe: SafeSet()})
	}
	return m
}()

// awsCredentialAttrs are the static credentials of the AWS provider and of
// the s3 backend; the fix removes them, so that the SDK's default chain
// (environment, shared config, SSO, an instance or task role) is used.
var awsCredentialAttrs = []string{"access_key", "secret_key", "token"}

// secretHit is one secret in one literal.
type secretHit struct {
	file  *iac.File
	scope *iac.Scope
	site  literalSite
	kind  secrets.Kind
	value string // the secret; never in a message
	inner string // the name it is bound to inside the value (DB_PASSWORD in a script)
	raw   string // its text in the file, when found there
	span  hcl.Range
	// whole: the secret is all of site.expr, which a reference replaces.
	whole               bool
	line, column        int
	address, attribute  string
	where               string // for the message: "password", "the value of db_password in prod.tfvars"
	varName, note       string
	reason              string
	fix                 func(ed *iac.Editor) error
	topLine, attrLine   int
	nestedLines         []int
	attrRange, blockRng hcl.Range
}

func checkHardcodedSecrets(in *Input) []Finding {
	s := &secretScan{in: in, m: in.Module, decls: map[string]*scopeDecls{}}
	paths := make([]string, 0, len(s.m.Files))
	for p := range s.m.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		s.file(s.m.Files[p])
	}
	s.plan()
	out := make([]Finding, 0, len(s.hits))
	for _, h := range s.hits {
		out = append(out, s.finding(h))
	}
	return out
}

type secretScan struct {
	in    *Input
	m     *iac.Module
	hits  []*secretHit
	decls map[string]*scopeDecls // by scope directory
}

// scopeOf is the module instance a file belongs to: the first scope of its
// directory (a directory several calls load has several).
func (s *secretScan) scopeOf(f *iac.File) *iac.Scope {
	dir := path.Dir(f.Path)
	for _, sc := range s.m.Scopes {
		if path.Clean(sc.Dir) == dir {
			return sc
		}
	}
	if len(s.m.Scopes) > 0 {
		return s.m.Scopes[0]
	}
	return &iac.Scope{}
}

func (s *secretScan) file(f *iac.File) {
	sc := s.scopeOf(f)
	if f.JSON {
		_ = jsonSites(f.Src, func(keys []string, value string, start, end int) {
			site := jsonSite(f, keys, value, start, end)
			if site.name != "" || len(keys) == 0 {
				s.literal(f, sc, site)
			}
		})
		return
	}
	if f.Syntax == nil {
		return
	}
	body, ok := f.Syntax.Body.(*hclsyntax.Body)
	if !ok {
		return
	}
	nativeSites(body, f.Src, func(site literalSite) { s.literal(f, sc, site) })
}

// jsonSite makes a literal site of a string in a JSON file: its keys are the
// block type, the labels, then the path (a variable file: the path only).
func jsonSite(f *iac.File, keys []string, value string, start, end int) literalSite {
	site := literalSite{value: value, fromJSON: true}
	site.line, site.column = lineCol(f.Src, start)
	site.region = hcl.Range{Filename: f.Path, Start: hcl.Pos{Byte: start + 1, Line: site.line, Column: site.column + 1}, End: hcl.Pos{Byte: max(start+1, end-1)}}
	if len(keys) > 0 {
		site.name = keys[len(keys)-1]
	}
	site.path = keys
	return site
}

// literal classifies one literal and records its secrets.
func (s *secretScan) literal(f *iac.File, sc *iac.Scope, site literalSite) {
	matches := secrets.Classify(site.name, site.value)
	if len(matches) > 0 {
		site = site.keep() // the walk reuses its path and nested
	}
	for _, m := range matches {
		h := &secretHit{file: f, scope: sc, site: site, kind: m.Kind, value: site.value[m.Start:m.End], inner: m.Name}
		s.locate(h, m)
		s.address(h)
		s.hits = append(s.hits, h)
	}
}

// locate finds the secret's bytes in the file: all of the literal
// expression, or its text inside the literal (when the file has it as the
// value reads, without escapes).
func (s *secretScan) locate(h *secretHit, m secrets.Match) {
	site := h.site
	src := h.file.Src
	rs, re := site.region.Start.Byte, site.region.End.Byte
	if site.fromJSON {
		h.line, h.column = site.line, site.column
		if rs >= 0 && re <= len(src) && rs <= re {
			h.raw = string(src[rs:re])
		}
		return
	}
	region := ""
	if rs >= 0 && re <= len(src) && rs <= re {
		region = string(src[rs:re])
	}
	at := -1
	switch {
	case region == site.value:
		at = rs + m.Start
	case strings.Count(region, h.value) == 1:
		at = rs + strings.Index(region, h.value)
	}
	if m.Whole(site.value) && site.expr.End.Byte > site.expr.Start.Byte {
		h.whole = true
	}
	if at >= 0 {
		h.raw = h.value
		l, c := lineCol(src, at)
		h.span = hcl.Range{Filename: h.file.Path, Start: hcl.Pos{Byte: at, Line: l, Column: c}, End: hcl.Pos{Byte: at + len(h.value)}}
		h.span.End.Line, h.span.End.Column = lineCol(src, at+len(h.value))
		h.line, h.column = l, c
	} else {
		h.line, h.column = site.region.Start.Line, site.region.Start.Column
	}
	if site.attr != nil {
		h.attrRange = site.attr.SrcRange
		h.attrLine = site.attr.SrcRange.Start.Line
	}
	if site.top != nil {
		h.blockRng = site.top.Range()
		h.topLine = site.top.Range().Start.Line
	}
	for _, b := range site.nested {
		h.nestedLines = append(h.nestedLines, b.Range().Start.Line)
	}
}

// blockOf returns the block type, labels and path of a site (for JSON, from
// its keys).
func blockOf(site literalSite) (typ string, labels, rest []string) {
	if !site.fromJSON {
		if site.top == nil {
			return "", nil, site.path
		}
		return site.top.Type, site.top.Labels, site.path
	}
	keys := site.path
	if len(keys) == 0 {
		return "", nil, nil
	}
	n := 0
	switch keys[0] {
	case "resource", "data":
		n = 2
	case "provider", "variable", "output", "module", "check":
		n = 1
	case "locals", "terraform":
	default:
		return "", nil, keys // a variable file
	}
	if len(keys) < 1+n {
		return keys[0], keys[1:], nil
	}
	return keys[0], keys[1 : 1+n], keys[1+n:]
}

// address names the finding: the block's address and the attribute path.
func (s *secretScan) address(h *secretHit) {
	typ, labels, rest := blockOf(h.site)
	prefix := h.scope.Prefix()
	label := func(i int) string {
		if i < len(labels) {
			return labels[i]
		}
		return ""
	}
	h.attribute = strings.Join(rest, ".")
	switch typ {
	case "":
		h.address = prefix + "var." + first(rest)
		h.attribute = strings.Join(rest[min(1, len(rest)):], ".")
		h.where = "the value of " + strings.Join(rest, ".") + " in " + path.Base(h.file.Path)
		return
	case "resource":
		h.address = prefix + label(0) + "." + label(1)
	case "data":
		h.address = prefix + "data." + label(0) + "." + label(1)
	case "module":
		h.address = prefix + "module." + label(0)
	case "provider":
		h.address = prefix + "provider." + label(0)
	case "variable":
		h.address = prefix + "var." + label(0)
	case "output":
		h.address = prefix + "output." + label(0)
	case "locals":
		h.address = prefix + "local." + first(rest)
		h.attribute = strings.Join(rest[min(1, len(rest)):], ".")
	default:
		h.address = prefix + strings.Join(append([]string{typ}, labels...), ".")
	}
	h.where = strings.Join(rest, ".")
	switch {
	case typ == "locals":
		h.where = "local." + h.where
	case typ == "variable" && h.where == "default":
		h.where = "the default"
	}
}

func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

// finding turns a hit into a finding of the rule.
func (s *secretScan) finding(h *secretHit) Finding {
	m := hardcodedSecretMeta
	fp := secrets.Fingerprint(h.value)
	what := h.kind.Describe()
	msg := fmt.Sprintf("%s is hardcoded in %s (%s)", upperFirst(what), h.where, fp)
	rng := h.span
	if rng.Filename == "" {
		rng = hcl.Range{Filename: h.file.Path, Start: hcl.Pos{Line: h.line, Column: h.column}, End: hcl.Pos{Line: h.line, Column: h.column}}
	}
	f := Finding{
		Rule: m.ID, Title: m.Title, Severity: m.Severity, Class: m.Class,
		Address: h.address, Attribute: h.attribute, File: h.file.Path, Line: h.line, Column: h.column,
		Message: msg, Refs: m.Refs, Range: rng, BlockLine: h.topLine, file: h.file, block: h.blockRng,
		Secret: fp, Variable: h.varName, FixNote: h.note,
		secret: &secretValue{value: h.value, raw: h.raw, kind: string(h.kind)},
	}
	if f.BlockLine == 0 {
		f.BlockLine = h.line
	}
	f.ignoreLines = append(f.ignoreLines, h.line)
	if h.attrLine > 0 {
		f.ignoreLines = append(f.ignoreLines, h.attrLine)
	}
	f.ignoreLines = append(f.ignoreLines, h.nestedLines...)
	if h.topLine > 0 {
		f.ignoreLines = append(f.ignoreLines, h.topLine)
	}
	switch {
	case h.fix == nil:
		f.Reason = h.reason
	case h.scope.Callers > 1:
		f.Reason = fmt.Sprintf("the secret is in module directory %s, which %d module calls share; fix the module by hand", h.scope.Dir, h.scope.Callers)
	default:
		f.Fixable = true
		id, addr, fix := m.ID, h.address, h.fix
		f.Fix = func(ed *iac.Editor) error {
			if err := fix(ed); err != nil {
				return fmt.Errorf("%s fix for %s: %w", id, addr, err)
			}
			return nil
		}
	}
	return f
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// secretRedactor returns a redactor of every hardcoded secret in the
// module of in, inline ignores or not: text shown about the code (a diff)
// must not repeat one.
func secretRedactor(in *Input) *secrets.Redactor {
	r := &secrets.Redactor{}
	for _, forms := range secretForms(in) {
		r.Add(forms[0], forms[1:]...)
	}
	return r
}

// SecretValues returns every hardcoded secret in m and the forms it takes
// in the files (escaped in a quoted string), inline ignores or not, for
// output that must never repeat one (Terraform's, which may print a module
// source or a variable's default).
func SecretValues(m *iac.Module) []string {
	var out []string
	for _, forms := range secretForms(&Input{Module: m}) {
		out = append(out, forms...)
	}
	return out
}

// secretForms lists, for each hardcoded secret of in's module, the value
// and its forms in the files.
func secretForms(in *Input) [][]string {
	s := &secretScan{in: in, m: in.Module, decls: map[string]*scopeDecls{}}
	for _, f := range in.Module.Files {
		s.file(f)
	}
	var out [][]string
	for _, h := range s.hits {
		q := iac.Quote(h.value) // its text in a quoted string, escapes and all
		forms := []string{h.value, q[1 : len(q)-1]}
		if h.raw != "" && h.raw != h.value {
			forms = append(forms, h.raw)
		}
		out = append(out, forms)
	}
	return out
}
