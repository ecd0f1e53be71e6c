package github

import (
	"fmt"
	"strconv"
	"strings"
)

// Marker keys the comments (and pull request descriptions) driftfix keeps
// up to date: a hidden HTML comment on the first line, such as
// <!-- driftfix:plan project=envs/prod -->, names what it is about, so
// that a re-run edits its own comment instead of adding one. A text split
// over several comments carries " part=N" from the second part on.
type Marker struct {
	// Kind is what the text is: "plan", "pr" (a pull request's
	// description and its continuations), or another lower-case word.
	Kind string
	// Project is the project it is about.
	Project string
}

// PlanMarker keys a project's plan comment.
func PlanMarker(project string) Marker { return Marker{Kind: "plan", Project: project} }

// markerEscaper keeps a project name from ending the HTML comment or the
// marker's line.
var markerEscaper = strings.NewReplacer("%", "%25", ">", "%3E", " ", "%20", "\n", "%0A", "\r", "%0D", "\t", "%09")

// Line is the marker's line for part (1 is the first).
func (m Marker) Line(part int) string {
	if part <= 1 {
		return fmt.Sprintf("<!-- driftfix:%s project=%s -->", m.Kind, markerEscaper.Replace(m.Project))
	}
	return fmt.Sprintf("<!-- driftfix:%s project=%s part=%d -->", m.Kind, markerEscaper.Replace(m.Project), part)
}

func (m Marker) valid() error {
	if m.Kind == "" || strings.Trim(m.Kind, "abcdefghijklmnopqrstuvwxyz-") != "" {
		return fmt.Errorf("github: marker kind %q is not a lower-case word", m.Kind)
	}
	return nil
}

// part says which part of m's text body is, from its first line.
func (m Marker) part(body string) (int, bool) {
	first, _, _ := strings.Cut(body, "\n")
	first = strings.TrimRight(first, "\r")
	if first == m.Line(1) {
		return 1, true
	}
	prefix := strings.TrimSuffix(m.Line(1), " -->") + " part="
	rest, ok := strings.CutPrefix(first, prefix)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(rest, " -->"))
	if err != nil || n < 2 || !strings.HasSuffix(rest, " -->") {
		return 0, false
	}
	return n, true
}

// marked is body under its marker line.
func (m Marker) marked(part int, body string) string { return m.Line(part) + "\n" + body }

// markerRoom is the most a marker line (with its newline) takes.
func (m Marker) room() int { return len(m.Line(99999)) + 1 }
