// Package report renders the results of driftfix's scan and fix for people
// (text) and for machines (json, sarif). Each format lives in its own file;
// this file holds the values they render and the map from format name to
// renderer, which fails on a name it does not know.
package report

import (
	"bufio"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/hashicorp/hcl/v2"
)

// RepoURL is driftfix's home; rule documentation links point into it.
const RepoURL = "https://github.com/driftfix/driftfix"

// DocsURL is the web address of a rule's documentation page.
func DocsURL(m fixers.Meta) string { return RepoURL + "/blob/main/" + m.Docs() }

// Problem is a load error or a warning, with the position it is about.
// Line and Column are 0 when the problem has no position.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// Scan is the result of a scan, ready to render. Every path in it is a
// slash path relative to the scanned directory (DIR); the text format shows
// them from the working directory instead (Options.Dir).
type Scan struct {
	// Roots are the root modules that were scanned, sorted: "." for DIR
	// itself, else a directory below it.
	Roots []string
	// Findings are sorted by file, line and rule.
	Findings []fixers.Finding
	// Ignored counts the findings that inline ignores suppressed.
	Ignored int
	// Errors are load errors: files that do not parse, modules not found.
	Errors []Problem
	// Warnings are expired ignores and load warnings.
	Warnings []Problem
	// Rules are the rules that ran, in registry order.
	Rules []fixers.Meta
}

// NewScan builds a scan report from a check result, the diagnostics of
// loading the module, and the metadata of the rules that ran.
func NewScan(res fixers.Result, diags hcl.Diagnostics, rules []fixers.Meta) *Scan {
	errs, warns := Problems(diags)
	s := &Scan{
		Findings: detached(res.Findings),
		Ignored:  res.Ignored,
		Errors:   errs,
		Warnings: append(warningProblems(res.Warnings), warns...),
		Rules:    rules,
	}
	fixers.SortFindings(s.Findings)
	sortProblems(s.Warnings)
	return s
}

// Rebase puts dir in front of every file path: a scan of the root module
// in dir, rebased, has its paths relative to the directory above dir.
func (s *Scan) Rebase(dir string) {
	if dir == "" || dir == "." {
		return
	}
	rebaseFindings(dir, s.Findings)
	rebaseProblems(dir, s.Errors)
	rebaseProblems(dir, s.Warnings)
	for i, r := range s.Roots {
		s.Roots[i] = rebase(dir, r)
	}
}

// under returns a copy of s with dir in front of every path.
func (s *Scan) under(dir string) *Scan {
	c := *s
	c.Roots = append([]string(nil), s.Roots...)
	c.Findings = append([]fixers.Finding(nil), s.Findings...)
	c.Errors = append([]Problem(nil), s.Errors...)
	c.Warnings = append([]Problem(nil), s.Warnings...)
	c.Rebase(dir)
	return &c
}

// MergeScans combines the scans of several root modules, each rebased to
// the scanned directory and given in order of their roots, into one: roots,
// findings and problems sorted, ignored findings counted per root. A finding
// is about a place in the code: when several roots report the same rule at
// the same place with the same message (a module they all call, under
// whatever name), only the first root's findings there are kept (one per
// instance, as that root expands them). A problem several roots share is
// listed once.
func MergeScans(parts []*Scan) *Scan {
	out := &Scan{Roots: []string{}, Errors: []Problem{}, Warnings: []Problem{}}
	seenRule := map[string]bool{}
	// where each place's findings come from; with findings from one part
	// only (a single root), they are taken as they are
	var firstPart map[findingKey]int
	var only *Scan
	total, with := 0, 0
	for _, p := range parts {
		if len(p.Findings) > 0 {
			total += len(p.Findings)
			with++
			only = p
		}
	}
	if with > 1 {
		firstPart = make(map[findingKey]int, total)
		for i, p := range parts {
			for _, f := range p.Findings {
				k := findingKey{f.Rule, f.File, f.Line, f.Column, f.Message}
				if _, ok := firstPart[k]; !ok {
					firstPart[k] = i
				}
			}
		}
		out.Findings = make([]fixers.Finding, 0, total)
	} else if only != nil {
		out.Findings = only.Findings // sorted already
	}
	seenProblem := map[Problem]bool{}
	for i, p := range parts {
		out.Roots = append(out.Roots, p.Roots...)
		out.Ignored += p.Ignored
		for _, m := range p.Rules {
			if !seenRule[m.ID] {
				seenRule[m.ID] = true
				out.Rules = append(out.Rules, m)
			}
		}
		for _, f := range p.Findings {
			if firstPart != nil && firstPart[findingKey{f.Rule, f.File, f.Line, f.Column, f.Message}] == i {
				out.Findings = append(out.Findings, f)
			}
		}
		for _, e := range p.Errors {
			if !seenProblem[e] {
				seenProblem[e] = true
				out.Errors = append(out.Errors, e)
			}
		}
		for _, w := range p.Warnings {
			if !seenProblem[w] {
				seenProblem[w] = true
				out.Warnings = append(out.Warnings, w)
			}
		}
	}
	sort.Strings(out.Roots)
	if firstPart != nil {
		fixers.SortFindings(out.Findings)
	}
	sortProblems(out.Errors)
	sortProblems(out.Warnings)
	return out
}

type findingKey struct {
	rule, file   string
	line, column int
	message      string
}

// Fix is the outcome of a fix run, ready to render. Paths are relative to
// the fixed directory, as in Scan.
type Fix struct {
	// DryRun is true when nothing was written.
	DryRun bool
	// Fixed are the findings the fixes removed, at their place before the fix.
	Fixed []fixers.Finding
	// Remaining are the findings left after fixing: the ones no safe fix covers.
	Remaining []fixers.Finding
	// Ignored counts the findings that inline ignores suppressed.
	Ignored int
	// Changes are the changed files (written, unless DryRun).
	Changes iac.ChangeSet
	// Errors are load errors; when there are any, nothing is fixed.
	Errors []Problem
	// Warnings are expired ignores and load warnings.
	Warnings []Problem
	// Roots are the root modules that were fixed, as for Scan.
	Roots []string
	// Variables are the input variables the fixes moved secrets into,
	// sorted: they must be supplied once the fixes are applied.
	Variables []string
	// Notes say what people must do once the fixes are applied, in the
	// order of the findings they are about.
	Notes []string
	// redact masks the code's secrets in the diff (nil: nothing to mask).
	redact func(string) string
}

// diff is the unified diff of the changes, the code's secrets masked.
func (f *Fix) diff() string {
	d := f.Changes.Diff()
	if f.redact != nil {
		d = f.redact(d)
	}
	return d
}

// NewFix builds a fix report from the result of fixers.Fix (nil when the fix
// did not run) and the diagnostics of loading the module.
func NewFix(res *fixers.FixResult, diags hcl.Diagnostics, dryRun bool) *Fix {
	errs, warns := Problems(diags)
	f := &Fix{DryRun: dryRun, Errors: errs, Warnings: warns}
	if res != nil {
		f.Fixed = detached(res.Fixed)
		f.Remaining = detached(res.Remaining)
		f.Ignored = res.Before.Ignored
		f.Changes = append(iac.ChangeSet(nil), res.Changes...)
		f.Warnings = append(warningProblems(res.Before.Warnings), f.Warnings...)
		fixers.SortFindings(f.Fixed)
		fixers.SortFindings(f.Remaining)
		if res.Redactor != nil && !res.Redactor.Empty() {
			f.redact = res.Redactor.Redact
		}
		seen := map[string]bool{}
		for _, x := range f.Fixed {
			if x.Variable != "" && !seen["var:"+x.Variable] {
				seen["var:"+x.Variable] = true
				f.Variables = append(f.Variables, x.Variable)
			}
			if x.FixNote != "" && !seen[x.FixNote] {
				seen[x.FixNote] = true
				f.Notes = append(f.Notes, x.FixNote)
			}
		}
		sort.Strings(f.Variables)
	}
	sortProblems(f.Warnings)
	return f
}

// detached copies findings without their links into the loaded module.
func detached(fs []fixers.Finding) []fixers.Finding {
	out := make([]fixers.Finding, len(fs))
	for i, f := range fs {
		out[i] = f.Detached()
	}
	return out
}

// Files returns the paths of the changed files.
func (f *Fix) Files() []string {
	out := make([]string, 0, len(f.Changes))
	for _, c := range f.Changes {
		out = append(out, c.Path)
	}
	return out
}

// Rebase puts dir in front of every file path, as Scan.Rebase does.
func (f *Fix) Rebase(dir string) {
	for i, r := range f.Roots {
		f.Roots[i] = rebase(dir, r)
	}
	rebaseFindings(dir, f.Fixed)
	rebaseFindings(dir, f.Remaining)
	rebaseProblems(dir, f.Errors)
	rebaseProblems(dir, f.Warnings)
	for i := range f.Changes {
		f.Changes[i].Path = rebase(dir, f.Changes[i].Path)
	}
	sort.SliceStable(f.Changes, func(i, j int) bool { return f.Changes[i].Path < f.Changes[j].Path })
}

// under returns a copy of f with dir in front of every path.
func (f *Fix) under(dir string) *Fix {
	c := *f
	c.Roots = append([]string(nil), f.Roots...)
	c.Fixed = append([]fixers.Finding(nil), f.Fixed...)
	c.Remaining = append([]fixers.Finding(nil), f.Remaining...)
	c.Errors = append([]Problem(nil), f.Errors...)
	c.Warnings = append([]Problem(nil), f.Warnings...)
	c.Changes = append(iac.ChangeSet(nil), f.Changes...)
	c.Rebase(dir)
	return &c
}

// Options are what every renderer may use.
type Options struct {
	// Color turns on ANSI colour (text only; severities only).
	Color bool
	// Version is driftfix's version, named in SARIF output.
	Version string
	// Dir is the scanned or fixed directory as the user should see it:
	// relative to the working directory when inside it, else as given. The
	// text format, which is for people, shows paths under it, so that they
	// open from the working directory (and a dry run's patch applies there
	// with git apply). JSON and SARIF paths stay relative to the directory.
	Dir string
	// Messages is where the text format of a fix dry run writes everything
	// but the patch (the summary, what it would fix), so that the output
	// proper is a clean patch. Nil means the output itself.
	Messages io.Writer
}

// ScanRenderer renders a scan report.
type ScanRenderer func(w io.Writer, s *Scan, opt Options) error

// FixRenderer renders a fix report.
type FixRenderer func(w io.Writer, f *Fix, opt Options) error

type format struct {
	scan ScanRenderer
	fix  FixRenderer  // nil when the format cannot say what a fix did
	plan PlanRenderer // nil when the format cannot show a plan
}

// formats maps each format name to its renderers.
var formats = map[string]format{
	"text":     {scan: renderTextScan, fix: renderTextFix, plan: renderTextPlan},
	"json":     {scan: renderJSONScan, fix: renderJSONFix, plan: renderJSONPlan},
	"sarif":    {scan: renderSARIF},
	"markdown": {plan: renderMarkdownPlan},
}

// ScanFormats lists the formats a scan can be rendered in, sorted.
func ScanFormats() []string { return names(func(f format) bool { return f.scan != nil }) }

// FixFormats lists the formats a fix can be rendered in, sorted.
func FixFormats() []string { return names(func(f format) bool { return f.fix != nil }) }

// ForScan returns the scan renderer of the named format.
func ForScan(name string) (ScanRenderer, error) {
	if f, ok := formats[name]; ok && f.scan != nil {
		return buffered(f.scan), nil
	}
	return nil, fmt.Errorf("unknown format %q for scan (want %s)", name, strings.Join(ScanFormats(), ", "))
}

// ForFix returns the fix renderer of the named format.
func ForFix(name string) (FixRenderer, error) {
	if f, ok := formats[name]; ok && f.fix != nil {
		return buffered(f.fix), nil
	}
	return nil, fmt.Errorf("unknown format %q for fix (want %s)", name, strings.Join(FixFormats(), ", "))
}

func names(keep func(format) bool) []string {
	var out []string
	for n, f := range formats {
		if keep(f) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// Problems splits load diagnostics into errors and warnings, sorted by
// file, line and column. A diagnostic's message is its summary and detail.
func Problems(diags hcl.Diagnostics) (errs, warns []Problem) {
	errs, warns = []Problem{}, []Problem{}
	for _, d := range diags {
		p := Problem{Message: d.Summary}
		if d.Detail != "" {
			p.Message += ": " + d.Detail
		}
		if d.Subject != nil {
			p.File = d.Subject.Filename
			p.Line = d.Subject.Start.Line
			p.Column = d.Subject.Start.Column
		}
		if d.Severity == hcl.DiagError {
			errs = append(errs, p)
		} else {
			warns = append(warns, p)
		}
	}
	sortProblems(errs)
	sortProblems(warns)
	return errs, warns
}

func warningProblems(ws []fixers.Warning) []Problem {
	out := []Problem{}
	for _, w := range ws {
		out = append(out, Problem(w))
	}
	return out
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

func rebase(dir, p string) string {
	if dir == "" || dir == "." || p == "" || path.IsAbs(p) {
		return p
	}
	return path.Join(dir, p)
}

// rebaseFindings rebases the paths of fs and sorts them again (a path
// outside dir, ../modules/x, may sort differently once rebased).
func rebaseFindings(dir string, fs []fixers.Finding) {
	for i := range fs {
		fs[i].File = rebase(dir, fs[i].File)
		fs[i].Range.Filename = rebase(dir, fs[i].Range.Filename)
	}
	fixers.SortFindings(fs)
}

func rebaseProblems(dir string, ps []Problem) {
	for i := range ps {
		ps[i].File = rebase(dir, ps[i].File)
	}
	sortProblems(ps)
}

// location renders file:line,column (or less, when unknown).
func location(file string, line, col int) string {
	switch {
	case file == "":
		return ""
	case line <= 0:
		return file
	case col <= 0:
		return fmt.Sprintf("%s:%d", file, line)
	}
	return fmt.Sprintf("%s:%d,%d", file, line, col)
}

// plural renders "1 finding" / "2 findings".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// buffered makes a renderer write through one buffer: a report of thousands
// of findings is thousands of small writes, each a system call on an
// unbuffered stdout.
func buffered[T any](render func(io.Writer, T, Options) error) func(io.Writer, T, Options) error {
	return func(w io.Writer, v T, opt Options) error {
		bw := bufio.NewWriterSize(w, 64<<10)
		if err := render(bw, v, opt); err != nil {
			bw.Flush()
			return err
		}
		return bw.Flush()
	}
}
