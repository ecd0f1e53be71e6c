package git

import (
	"errors"
	"strings"
)

// Message builds a commit message: subject on one line (whitespace
// collapsed), a blank line, then the body lines as given (a line may hold
// several; trailing whitespace is dropped, and blank lines at the end).
// The runner lists the rules, addresses and drift it fixed, one per line:
//
//	git.Message("driftfix: fix 3 findings in prod",
//		"- aws_s3_bucket.logs: s3-versioning",
//		"- aws_instance.web: imds-v2")
func Message(subject string, lines ...string) string {
	var b strings.Builder
	b.WriteString(strings.Join(strings.Fields(subject), " "))
	b.WriteByte('\n')
	var body []string
	for _, l := range lines {
		for _, part := range strings.Split(l, "\n") {
			body = append(body, strings.TrimRight(part, " \t\r"))
		}
	}
	for len(body) > 0 && body[len(body)-1] == "" {
		body = body[:len(body)-1]
	}
	for len(body) > 0 && body[0] == "" {
		body = body[1:]
	}
	if len(body) > 0 {
		b.WriteByte('\n')
		b.WriteString(strings.Join(body, "\n"))
		b.WriteByte('\n')
	}
	return b.String()
}

// cleanMessage makes message what git commit --cleanup=whitespace would:
// no trailing whitespace on a line, no blank lines at either end, a final
// newline. Lines starting with '#' are kept. An empty message is refused.
func cleanMessage(message string) (string, error) {
	if strings.ContainsRune(message, 0) {
		return "", errors.New("commit message contains a NUL byte")
	}
	lines := strings.Split(message, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	if len(lines) == 0 {
		return "", errors.New("empty commit message")
	}
	return strings.Join(lines, "\n") + "\n", nil
}
