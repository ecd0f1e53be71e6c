package report

import (
	"encoding/json"
	"io"
	"time"

	"github.com/driftfix/driftfix/fixers"
)

// JSONScan is the JSON form of a scan (`driftfix scan --format json`). The
// shape is stable: fields may be added, never renamed or removed.
//
//	{
//	  "findings": [
//	    {
//	      "rule": "aws-s3-versioning",
//	      "severity": "medium",             // low | medium | high | critical
//	      "class": "versioning",            // the fix class
//	      "address": "module.store.aws_s3_bucket.logs",
//	      "file": "modules/store/main.tf",  // relative to DIR, forward slashes
//	      "line": 3,
//	      "message": "bucket has no versioning configuration",
//	      "fixable": true,
//	      "reason": "…",                    // only when fixable is false
//	      "refs": {"trivy": "AVD-AWS-0090", "checkov": "CKV_AWS_21"}  // "" when none
//	    }
//	  ],
//	  "errors":   [{"file": "broken.tf", "line": 2, "column": 1, "message": "…"}],
//	  "warnings": [{"file": "main.tf", "line": 1, "column": 1, "message": "ignore of … expired on …"}],
//	  "roots":    [".", "envs/prod"]
//	}
//
// findings, errors, warnings and roots are always arrays, never null.
// Findings are sorted by file, line and rule. Errors are files that do not
// load; warnings are expired inline ignores and load warnings. Line and
// column are 0 when a problem has no position. Every path is relative to
// the scanned directory (DIR), with forward slashes; a file outside it (a
// ../ module) starts with ../. roots are the root modules scanned: "." for
// DIR itself, else the directory below it.
type JSONScan struct {
	Findings []JSONFinding `json:"findings"`
	Errors   []Problem     `json:"errors"`
	Warnings []Problem     `json:"warnings"`
	Roots    []string      `json:"roots"`
}

// JSONFinding is one finding in JSON output.
type JSONFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Class    string `json:"class"`
	Address  string `json:"address"`
	// Attribute is what in the resource the finding is about ("" = the
	// resource); Fingerprint identifies it across runs (rule, address,
	// attribute).
	Attribute   string   `json:"attribute,omitempty"`
	Fingerprint string   `json:"fingerprint"`
	File        string   `json:"file"`
	Line        int      `json:"line"`
	Message     string   `json:"message"`
	Fixable     bool     `json:"fixable"`
	Reason      string   `json:"reason,omitempty"`
	Refs        JSONRefs `json:"refs"`
	// Secret is a hardcoded secret's fingerprint ("sha256:…", never the
	// value); Variable the variable its fix moves it into.
	Secret   string `json:"secret,omitempty"`
	Variable string `json:"variable,omitempty"`
	// Commit is where in the git history a secret was seen (scan --history).
	Commit *JSONCommit `json:"commit,omitempty"`
}

// JSONCommit is a commit of the git history.
type JSONCommit struct {
	SHA     string `json:"sha"`
	Author  string `json:"author"`
	Date    string `json:"date"` // RFC 3339
	Subject string `json:"subject"`
}

// JSONRefs are the IDs of the same check in other scanners ("" when none).
type JSONRefs struct {
	Trivy   string `json:"trivy"`
	Checkov string `json:"checkov"`
}

// JSONFix is the JSON form of a fix (`driftfix fix --format json`):
//
//	{
//	  "dry_run": false,
//	  "fixed":     [ …findings, as in JSONScan, where they were before the fix… ],
//	  "remaining": [ …findings no safe fix covers, each with its "reason"… ],
//	  "files":     ["main.tf"],   // written, or (dry run) that would be written
//	  "diff":      "--- a/infra/main.tf\n+++ b/infra/main.tf\n…",   // what was (would be) written; "" when nothing
//	  "errors":    [ … ],          // as in JSONScan; when present nothing was fixed
//	  "warnings":  [ … ],
//	  "variables": ["db_password"],  // variables the fixes moved secrets into: supply them
//	  "notes":     ["supply var.db_password …"]  // what to do once the fixes are applied
//	}
//
// Every list is an array, never null, and diff is always there. Paths are
// relative to the fixed directory, as in JSONScan, except in diff: it is the
// patch --dry-run prints, with paths from the working directory, so that it
// applies there with git apply. The same stability promise as JSONScan.
type JSONFix struct {
	DryRun    bool          `json:"dry_run"`
	Fixed     []JSONFinding `json:"fixed"`
	Remaining []JSONFinding `json:"remaining"`
	Files     []string      `json:"files"`
	Diff      string        `json:"diff"`
	Errors    []Problem     `json:"errors"`
	Warnings  []Problem     `json:"warnings"`
	Roots     []string      `json:"roots"`
	Variables []string      `json:"variables"`
	Notes     []string      `json:"notes"`
}

// NewJSONScan converts a scan report to its JSON form.
func NewJSONScan(s *Scan) JSONScan {
	roots := s.Roots
	if roots == nil {
		roots = []string{}
	}
	return JSONScan{
		Findings: jsonFindings(s.Findings),
		Errors:   nonNil(s.Errors),
		Warnings: nonNil(s.Warnings),
		Roots:    roots,
	}
}

// NewJSONFix converts a fix report to its JSON form; the diff's paths start
// at opt.Dir.
func NewJSONFix(f *Fix, opt Options) JSONFix {
	out := JSONFix{
		DryRun:    f.DryRun,
		Fixed:     jsonFindings(f.Fixed),
		Remaining: jsonFindings(f.Remaining),
		Files:     f.Files(),
		Diff:      f.under(opt.Dir).diff(),
		Errors:    nonNil(f.Errors),
		Warnings:  nonNil(f.Warnings),
		Roots:     nonNilStrings(f.Roots),
		Variables: nonNilStrings(f.Variables),
		Notes:     nonNilStrings(f.Notes),
	}
	return out
}

func renderJSONScan(w io.Writer, s *Scan, _ Options) error { return writeJSON(w, NewJSONScan(s)) }

func renderJSONFix(w io.Writer, f *Fix, opt Options) error { return writeJSON(w, NewJSONFix(f, opt)) }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func jsonFindings(fs []fixers.Finding) []JSONFinding {
	out := make([]JSONFinding, 0, len(fs))
	for _, f := range fs {
		jf := JSONFinding{
			Rule: f.Rule, Severity: string(f.Severity), Class: string(f.Class), Address: f.Address,
			Attribute: f.Attribute, Fingerprint: f.Fingerprint(), File: f.File, Line: f.Line, Message: f.Message, Fixable: f.Fixable,
			Refs: JSONRefs{Trivy: f.Refs.Trivy, Checkov: f.Refs.Checkov},
		}
		if !f.Fixable {
			jf.Reason = reason(f)
		}
		jf.Secret, jf.Variable = f.Secret, f.Variable
		if c := f.Commit; c != nil {
			jf.Commit = &JSONCommit{SHA: c.SHA, Author: c.Author, Date: c.Date.UTC().Format(time.RFC3339), Subject: c.Subject}
		}
		out = append(out, jf)
	}
	return out
}

func nonNil(ps []Problem) []Problem {
	if ps == nil {
		return []Problem{}
	}
	return ps
}

// reason says why a finding is not fixable; never empty.
func reason(f fixers.Finding) string {
	if f.Reason == "" {
		return "driftfix has no safe fix for this finding"
	}
	return f.Reason
}
