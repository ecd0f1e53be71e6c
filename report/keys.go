package report

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Keys is what `driftfix keys` (and the keys step of `driftfix run`) did
// about the AWS access keys found in the code: who owns each, when it was
// last used, and whether it was set Inactive. A key is shown masked
// (AKIA…WXYZ) with its fingerprint, never whole.
type Keys struct {
	Project string `json:"project"`
	DryRun  bool   `json:"dry_run"`
	// Allowed is the policy: secrets { deactivate_leaked_keys }.
	Allowed bool `json:"deactivate_leaked_keys"`
	// Account is the account driftfix ran against ("" when no key was
	// looked up).
	Account string      `json:"account"`
	Keys    []LeakedKey `json:"keys"`
	Errors  []KeysError `json:"errors"`
	// History is true when the git history was searched too.
	History bool `json:"history"`
}

// The actions taken on a leaked key.
const (
	KeyDeactivated     = "deactivated"      // set Inactive (it was Active)
	KeyWouldDeactivate = "would-deactivate" // --dry-run: it would be set Inactive
	KeyLeftActive      = "left-active"      // the policy does not allow deactivating
	KeyInactive        = "inactive"         // Inactive already
	KeyNotFound        = "not-found"        // the account has no such key (deleted?)
	KeyOtherAccount    = "other-account"    // another account's key: deactivate it there
)

// LeakedKey is one AWS access key ID found in the code.
type LeakedKey struct {
	// Key is the ID masked: AKIA…WXYZ; Fingerprint identifies it.
	Key         string `json:"key"`
	Fingerprint string `json:"fingerprint"`
	// Where it was found: file:line, with @commit for the history.
	Where []string `json:"where"`
	// Account owns it; User is its IAM user (its owner).
	Account string `json:"account"`
	User    string `json:"user"`
	// Status is what IAM said before driftfix acted: Active, Inactive,
	// or "" when unknown.
	Status  string     `json:"status"`
	Created *time.Time `json:"created"`
	// LastUsed is when it was last used (null: never), by which service
	// in which region.
	LastUsed    *time.Time `json:"last_used"`
	LastService string     `json:"last_service"`
	LastRegion  string     `json:"last_region"`
	Action      string     `json:"action"`
	Reason      string     `json:"reason"`
}

// KeysError is a key driftfix could not look up or change.
type KeysError struct {
	Key     string `json:"key"`
	Message string `json:"message"`
}

// Open reports whether a leaked key may still be usable: active, or of
// another account, where driftfix cannot tell.
func (k LeakedKey) Open() bool {
	switch k.Action {
	case KeyWouldDeactivate, KeyLeftActive, KeyOtherAccount:
		return true
	}
	return false
}

// KeysFormats lists the formats of a keys report, sorted.
func KeysFormats() []string { return []string{"json", "text"} }

// RenderKeys writes k in the named format.
func RenderKeys(w io.Writer, format string, k *Keys) error {
	switch format {
	case "json":
		c := *k
		if c.Keys == nil {
			c.Keys = []LeakedKey{}
		}
		if c.Errors == nil {
			c.Errors = []KeysError{}
		}
		for i := range c.Keys {
			c.Keys[i].Where = nonNilStrings(c.Keys[i].Where)
		}
		return writeJSON(w, c)
	case "text":
		t := &textWriter{w: w}
		renderTextKeys(t, k)
		return t.err
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(KeysFormats(), ", "))
}

func renderTextKeys(t *textWriter, k *Keys) {
	if len(k.Keys) == 0 && len(k.Errors) == 0 {
		where := "the code"
		if k.History {
			where = "the code or its git history"
		}
		t.printf("no AWS access key in %s\n", where)
		return
	}
	policy := "off"
	if k.Allowed {
		policy = "on"
	}
	t.printf("leaked AWS access keys (account %s; deactivate_leaked_keys %s):\n", orNone(k.Account), policy)
	for _, x := range k.Keys {
		t.printf("  %s  %s\n", x.Key, x.Fingerprint)
		t.printf("    %s\n", x.Describe())
		if len(x.Where) > 0 {
			t.printf("    found in %s\n", strings.Join(x.Where, ", "))
		}
		t.printf("    %s\n", x.Reason)
	}
	for _, e := range k.Errors {
		t.printf("  %s: error: %s\n", e.Key, e.Message)
	}
	t.printf("\n%s\n", k.Summary())
}

// Describe says who owns the key and when it was last used.
func (k LeakedKey) Describe() string {
	var parts []string
	switch {
	case k.User != "":
		parts = append(parts, "user "+k.User+" of account "+k.Account)
	case k.Account != "":
		parts = append(parts, "account "+k.Account)
	}
	if k.Status != "" {
		parts = append(parts, "was "+k.Status)
	}
	if k.Created != nil {
		parts = append(parts, "created "+k.Created.UTC().Format("2006-01-02"))
	}
	switch {
	case k.LastUsed != nil:
		lu := "last used " + k.LastUsed.UTC().Format("2006-01-02 15:04 UTC")
		if k.LastService != "" && k.LastService != "N/A" {
			lu += " by " + k.LastService
		}
		if k.LastRegion != "" && k.LastRegion != "N/A" {
			lu += " in " + k.LastRegion
		}
		parts = append(parts, lu)
	case k.User != "":
		parts = append(parts, "never used")
	}
	if len(parts) == 0 {
		return "owner unknown"
	}
	return strings.Join(parts, ", ")
}

// Summary is the last line of the text report.
func (k *Keys) Summary() string {
	n := map[string]int{}
	for _, x := range k.Keys {
		n[x.Action]++
	}
	var parts []string
	for _, a := range []struct{ action, say string }{
		{KeyDeactivated, "set Inactive"}, {KeyWouldDeactivate, "would be set Inactive"}, {KeyLeftActive, "left active"},
		{KeyOtherAccount, "of another account"}, {KeyInactive, "inactive already"}, {KeyNotFound, "not in the account"},
	} {
		if n[a.action] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[a.action], a.say))
		}
	}
	if len(k.Errors) > 0 {
		parts = append(parts, plural(len(k.Errors), "error"))
	}
	s := plural(len(k.Keys), "leaked key")
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	if k.DryRun {
		s += " (dry run: nothing changed)"
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
