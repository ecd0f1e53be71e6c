package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/codify"
)

// Drift is the outcome of `driftfix drift`, ready to render.
type Drift struct {
	Project string
	// Items are the drifted resources, classified.
	Items []cloud.Drift
	// Errors are the reads that failed: those resources are unknown, and
	// the result is incomplete.
	Errors []cloud.ReadError
	// Codified and Skipped describe a --codify run (nil otherwise); DryRun
	// says the edits were only shown (in Diff), Written lists the files
	// written.
	Codified []codify.Codified
	Skipped  []codify.Skip
	DryRun   bool
	Diff     string
	Written  []string
}

// JSONDrift is the JSON form of a drift check (`driftfix drift --format
// json`). The shape is stable: fields may be added, never renamed.
//
//	{"drift": [{"kind": "changed", "type": "aws_s3_bucket", "id": "acme-logs",
//	            "address": "aws_s3_bucket.logs", "region": "us-east-1",
//	            "changes": [{"path": "tags.team", "expected": null, "actual": "data",
//	                         "class": "tags", "remediation": "codify"}]}],
//	 "errors": [{"type": "aws_kms_key", "id": "1234abcd-…", "address": "aws_kms_key.app",
//	             "region": "us-east-1", "message": "…"}]}
//
// A --codify run adds what it codified and skipped, and either the diff
// (--dry-run, with "dry_run": true) or the files it wrote.
type JSONDrift struct {
	Drift    []cloud.Drift     `json:"drift"`
	Errors   []cloud.ReadError `json:"errors"`
	Codified []codify.Codified `json:"codified,omitempty"`
	Skipped  []codify.Skip     `json:"skipped,omitempty"`
	DryRun   bool              `json:"dry_run,omitempty"`
	Diff     string            `json:"diff,omitempty"`
	Written  []string          `json:"written,omitempty"`
}

// DriftFormats lists the formats a drift check can be rendered in.
func DriftFormats() []string { return []string{"json", "markdown", "text"} }

// RenderDrift writes d in the named format.
func RenderDrift(w io.Writer, format string, d *Drift, opt Options) error {
	items := make([]cloud.Drift, len(d.Items))
	for i, it := range d.Items {
		if it.Changes == nil {
			it.Changes = []cloud.Change{}
		}
		items[i] = it
	}
	errs := d.Errors
	if errs == nil {
		errs = []cloud.ReadError{}
	}
	switch format {
	case "json":
		return writeJSON(w, JSONDrift{Drift: items, Errors: errs, Codified: d.Codified, Skipped: d.Skipped, DryRun: d.DryRun, Diff: d.Diff, Written: d.Written})
	case "text":
		return renderDriftText(w, d, opt)
	case "markdown":
		return renderDriftMarkdown(w, d)
	}
	return fmt.Errorf("unknown format %q for drift (want %s)", format, strings.Join(DriftFormats(), ", "))
}

func value(v any) string {
	if v == nil {
		return "(none)"
	}
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func renderDriftText(w io.Writer, d *Drift, opt Options) error {
	t := &textWriter{w: w, color: opt.Color}
	switch {
	case len(d.Items) == 0 && len(d.Errors) > 0:
		t.printf("%s: no drift found, but %s: the result is incomplete\n", d.Project, readsFailed(len(d.Errors)))
	case len(d.Items) == 0:
		t.printf("%s: no drift\n", d.Project)
	default:
		rows := [][]string{{"KIND", "TYPE", "ID", "ADDRESS"}}
		for _, it := range d.Items {
			addr := it.Address
			if addr == "" {
				addr = "-"
			}
			rows = append(rows, []string{string(it.Kind), it.Type, it.ID, addr})
		}
		t.printf("%s: %s\n\n", d.Project, plural(len(d.Items), "drifted resource"))
		writeColumns(t, rows, nil)
		t.printf("\n")
		for _, it := range d.Items {
			name := it.Address
			if name == "" {
				name = it.Type + " " + it.ID
			}
			switch it.Kind {
			case cloud.Deleted:
				t.printf("  %s: deleted outside Terraform (remediation: %s — driftfix plan recreates it, for review)\n", name, it.Remediation)
			case cloud.Unmanaged:
				t.printf("  %s: in the cloud, in no state (remediation: %s — generated HCL and an import block, for review)\n", name, it.Remediation)
			default:
				for _, c := range it.Changes {
					t.printf("  %s: %s: %s → %s [%s, %s]\n", name, c.Path, value(c.Expected), value(c.Actual), c.Class, c.Remediation)
				}
			}
		}
	}
	renderDriftErrorsText(t, d)
	renderCodifyText(t, d)
	return t.err
}

func readsFailed(n int) string {
	if n == 1 {
		return "1 read failed"
	}
	return fmt.Sprintf("%d reads failed", n)
}

// renderDriftErrorsText lists the failed reads: those resources are
// unknown, neither changed nor deleted.
func renderDriftErrorsText(t *textWriter, d *Drift) {
	if len(d.Errors) == 0 {
		return
	}
	t.printf("\nnot read (unknown: neither changed nor deleted, nothing codified):\n")
	for _, e := range d.Errors {
		t.printf("  %s: %s\n", errorSubject(e), e.Message)
	}
}

// errorSubject names what a failed read was about.
func errorSubject(e cloud.ReadError) string {
	switch {
	case e.Address != "":
		return e.Address
	case e.ID != "":
		return e.Type + " " + e.ID
	case e.Region != "":
		return "listing " + e.Type + " in " + e.Region
	}
	return "listing " + e.Type
}

func renderCodifyText(t *textWriter, d *Drift) {
	if len(d.Codified) > 0 {
		if d.DryRun {
			t.printf("\nwould codify:\n")
		} else {
			t.printf("\ncodified:\n")
		}
		for _, c := range d.Codified {
			t.printf("  %s %s = %v (%s:%d)\n", c.Address, c.Path, c.Value, c.File, c.Line)
		}
	}
	if len(d.Skipped) > 0 {
		if d.DryRun {
			t.printf("\nwould not codify:\n")
		} else {
			t.printf("\nnot codified:\n")
		}
		for _, s := range d.Skipped {
			name := strings.TrimSpace(s.Address + " " + s.Path)
			t.printf("  %s: %s\n", name, s.Reason)
		}
	}
	if d.Diff != "" {
		t.printf("\n%s", d.Diff)
	}
	if len(d.Written) > 0 {
		t.printf("\nwrote: %s\n", strings.Join(d.Written, ", "))
	}
}

func renderDriftMarkdown(w io.Writer, d *Drift) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### driftfix drift: `%s`\n\n", d.Project)
	switch {
	case len(d.Items) == 0 && len(d.Errors) > 0:
		b.WriteString("No drift found, but the result is incomplete: some reads failed.\n")
	case len(d.Items) == 0:
		b.WriteString("No drift.\n")
	default:
		b.WriteString("| kind | resource | attribute | expected (state) | actual (cloud) | class | remediation |\n| --- | --- | --- | --- | --- | --- | --- |\n")
		for _, it := range d.Items {
			name := it.Address
			if name == "" {
				name = it.Type + " " + it.ID
			}
			if len(it.Changes) == 0 {
				fmt.Fprintf(&b, "| %s | `%s` | | | | | %s |\n", it.Kind, name, it.Remediation)
			}
			for _, c := range it.Changes {
				fmt.Fprintf(&b, "| %s | `%s` | `%s` | `%s` | `%s` | %s | %s |\n", it.Kind, name, c.Path, cellValue(c.Expected), cellValue(c.Actual), c.Class, c.Remediation)
			}
		}
	}
	if len(d.Errors) > 0 {
		b.WriteString("\n**Not read** (unknown: neither changed nor deleted, nothing codified):\n\n| resource | error |\n| --- | --- |\n")
		for _, e := range d.Errors {
			fmt.Fprintf(&b, "| `%s` | %s |\n", errorSubject(e), strings.NewReplacer("|", `\|`, "\n", " ").Replace(e.Message))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func cellValue(v any) string {
	return strings.NewReplacer("|", `\|`, "`", "'", "\n", " ").Replace(value(v))
}
