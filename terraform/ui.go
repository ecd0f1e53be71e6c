package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// uiWriter renders Terraform's machine-readable UI (plan and apply run with
// -json: one JSON message a line) for people, one line per message. It
// writes only what it can say without values: the progress messages
// (refreshing, modifying, complete, …, each with its resource's id) and
// diagnostics (summary, detail and where). It drops what it would have to
// print values or types from — the planned changes and drift (PlanText
// renders those from the redacted plan), the plan's summary (PlanText has
// it) and the outputs (their types name a sensitive map's keys). Lines that
// are not JSON pass through as they are. Its output goes through the
// runner's redacting writer like any other.
type uiWriter struct {
	w    io.Writer
	errW io.Writer // error diagnostics go here, as terraform writes them to stderr
	skip map[string]bool
	buf  []byte
	// errs are the error diagnostics seen, for the command's error.
	errs []string
}

// newUIWriter renders to w, error diagnostics to errW; skip lists message
// types to drop besides the ones it always drops.
func newUIWriter(w, errW io.Writer, skip ...string) *uiWriter {
	if w == nil {
		w = io.Discard
	}
	if errW == nil {
		errW = io.Discard
	}
	u := &uiWriter{w: w, errW: errW, skip: map[string]bool{"version": true, "planned_change": true, "resource_drift": true, "outputs": true}}
	for _, s := range skip {
		u.skip[s] = true
	}
	return u
}

func (u *uiWriter) Write(p []byte) (int, error) {
	u.buf = append(u.buf, p...)
	for {
		i := bytes.IndexByte(u.buf, '\n')
		if i < 0 {
			break
		}
		line := u.buf[:i]
		u.message(line)
		u.buf = u.buf[i+1:]
	}
	return len(p), nil
}

// Flush renders a last line that has no newline.
func (u *uiWriter) Flush() {
	if len(bytes.TrimSpace(u.buf)) > 0 {
		u.message(u.buf)
	}
	u.buf = nil
}

type uiMessage struct {
	Message    string        `json:"@message"`
	Type       string        `json:"type"`
	Diagnostic *uiDiagnostic `json:"diagnostic"`
}

type uiDiagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Address  string `json:"address"`
	Range    *struct {
		Filename string `json:"filename"`
		Start    struct {
			Line int `json:"line"`
		} `json:"start"`
	} `json:"range"`
}

func (u *uiWriter) message(line []byte) {
	var m uiMessage
	if t := bytes.TrimSpace(line); len(t) == 0 || t[0] != '{' || json.Unmarshal(t, &m) != nil {
		fmt.Fprintf(u.w, "%s\n", line)
		return
	}
	if u.skip[m.Type] {
		return
	}
	if m.Type == "diagnostic" && m.Diagnostic != nil {
		u.diagnostic(m.Diagnostic)
		return
	}
	fmt.Fprintf(u.w, "%s\n", m.Message)
}

// diagnostic writes a diagnostic as Terraform's human UI does, without the
// source snippet (whose expression values it would print).
func (u *uiWriter) diagnostic(d *uiDiagnostic) {
	sev := "Error"
	if d.Severity == "warning" {
		sev = "Warning"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s: %s\n", sev, d.Summary)
	if d.Range != nil && d.Range.Filename != "" {
		fmt.Fprintf(&b, "\n  on %s line %d", d.Range.Filename, d.Range.Start.Line)
		if d.Address != "" {
			fmt.Fprintf(&b, ", in %s", d.Address)
		}
		b.WriteString(":\n")
	}
	if d.Detail != "" {
		fmt.Fprintf(&b, "\n%s\n", d.Detail)
	}
	if d.Severity == "warning" {
		io.WriteString(u.w, b.String())
	} else {
		io.WriteString(u.errW, b.String())
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		u.errs = append(u.errs, msg)
	}
}

// errorsOf adds the error diagnostics a run reported to err (the command's
// own error says only "exit status 1" when terraform ran with -json).
func (u *uiWriter) errorsOf(err error) error {
	if err == nil || len(u.errs) == 0 {
		return err
	}
	return fmt.Errorf("%w: %s", err, strings.Join(u.errs, "; "))
}
