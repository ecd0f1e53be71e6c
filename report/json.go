package report

import (
	"encoding/json"
	"io"

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
//	      "file": "modules/store/main.tf",  // relative, forward slashes
//	      "line": 3,
//	      "message": "bucket has no versioning configuration",
//	      "fixable": true,
//	      "reason": "…",                    // only when fixable is false
//	      "refs": {"trivy": "AVD-AWS-0090", "checkov": "CKV_AWS_21"}  // "" when none
//	    }
//	  ],
//	  "errors":   [{"file": "broken.tf", "line": 2, "column": 1, "message": "…"}],
//	  "warnings": [{"file": "main.tf", "line": 1, "column": 1, "message": "ignore of … expired on …"}]
//	}
//
// findings, errors and warnings are always arrays, never null. Findings are
// sorted by file, line and rule. Errors are files that do not load; warnings
// are expired inline ignores and load warnings. Line and column are 0 when a
// problem has no position.
type JSONScan struct {
	Findings []JSONFinding `json:"findings"`
	Errors   []Problem     `json:"errors"`
	Warnings []Problem     `json:"warnings"`
}

// JSONFinding is one finding in JSON output.
type JSONFinding struct {
	Rule     string   `json:"rule"`
	Severity string   `json:"severity"`
	Class    string   `json:"class"`
	Address  string   `json:"address"`
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Message  string   `json:"message"`
	Fixable  bool     `json:"fixable"`
	Reason   string   `json:"reason,omitempty"`
	Refs     JSONRefs `json:"refs"`
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
//	  "diff":      "--- a/main.tf\n+++ b/main.tf\n…",   // only with --dry-run
//	  "errors":    [ … ],          // as in JSONScan; when present nothing was fixed
//	  "warnings":  [ … ]
//	}
//
// Every list is an array, never null. The same stability promise as JSONScan.
type JSONFix struct {
	DryRun    bool          `json:"dry_run"`
	Fixed     []JSONFinding `json:"fixed"`
	Remaining []JSONFinding `json:"remaining"`
	Files     []string      `json:"files"`
	Diff      *string       `json:"diff,omitempty"`
	Errors    []Problem     `json:"errors"`
	Warnings  []Problem     `json:"warnings"`
}

// NewJSONScan converts a scan report to its JSON form.
func NewJSONScan(s *Scan) JSONScan {
	return JSONScan{
		Findings: jsonFindings(s.Findings),
		Errors:   nonNil(s.Errors),
		Warnings: nonNil(s.Warnings),
	}
}

// NewJSONFix converts a fix report to its JSON form.
func NewJSONFix(f *Fix) JSONFix {
	out := JSONFix{
		DryRun:    f.DryRun,
		Fixed:     jsonFindings(f.Fixed),
		Remaining: jsonFindings(f.Remaining),
		Files:     f.Files(),
		Errors:    nonNil(f.Errors),
		Warnings:  nonNil(f.Warnings),
	}
	if f.DryRun {
		d := f.Changes.Diff()
		out.Diff = &d
	}
	return out
}

func renderJSONScan(w io.Writer, s *Scan, _ Options) error { return writeJSON(w, NewJSONScan(s)) }

func renderJSONFix(w io.Writer, f *Fix, _ Options) error { return writeJSON(w, NewJSONFix(f)) }

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
			File: f.File, Line: f.Line, Message: f.Message, Fixable: f.Fixable,
			Refs: JSONRefs{Trivy: f.Refs.Trivy, Checkov: f.Refs.Checkov},
		}
		if !f.Fixable {
			jf.Reason = reason(f)
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
