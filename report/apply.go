package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/driftfix/driftfix/policy"
)

// Apply is the outcome of `driftfix apply`, ready to render.
type Apply struct {
	Project  string
	Decision string
	// Changes counts the planned changes applied.
	Changes int
	// Applied is false when the saved plan had no changes.
	Applied bool
	// Verified is true when a fresh plan after the apply showed no change
	// at the applied addresses; Unverified lists those that still change.
	Verified   bool
	Unverified []string
	// Approval is set when a plan that needed review was approved.
	Approval *policy.Approval
}

// JSONApply is the JSON form of an apply (`driftfix apply --format json`).
type JSONApply struct {
	Project    string           `json:"project"`
	Decision   string           `json:"decision"`
	Applied    bool             `json:"applied"`
	Verified   bool             `json:"verified"`
	Unverified []string         `json:"unverified"`
	Approval   *policy.Approval `json:"approval,omitempty"`
}

// ApplyFormats lists the formats an apply can be rendered in.
func ApplyFormats() []string { return []string{"json", "text"} }

// RenderApply writes a in the named format.
func RenderApply(w io.Writer, format string, a *Apply) error {
	switch format {
	case "json":
		return writeJSON(w, JSONApply{Project: a.Project, Decision: a.Decision, Applied: a.Applied,
			Verified: a.Verified, Unverified: nonNilStrings(a.Unverified), Approval: a.Approval})
	case "text":
		return renderApplyText(w, a)
	}
	return fmt.Errorf("unknown format %q for apply (want %s)", format, strings.Join(ApplyFormats(), ", "))
}

func renderApplyText(w io.Writer, a *Apply) error {
	t := &textWriter{w: w}
	if !a.Applied {
		t.printf("%s: the saved plan has no changes; nothing applied\n", a.Project)
		return t.err
	}
	word := "changes"
	if a.Changes == 1 {
		word = "change"
	}
	t.printf("%s: applied the saved plan (%d %s, decision %s)\n", a.Project, a.Changes, word, a.Decision)
	if a.Approval != nil {
		t.printf("approved by %s: %s\n", a.Approval.By, a.Approval.Reason)
	}
	if a.Verified {
		t.printf("verified: a fresh plan shows no change at the applied addresses\n")
		return t.err
	}
	t.printf("NOT verified:\n")
	for _, u := range a.Unverified {
		t.printf("  - %s\n", u)
	}
	return t.err
}
