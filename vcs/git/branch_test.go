package git

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// gitAcceptsBranch asks git itself whether name is a valid branch name:
// check-ref-format --branch (no leading '-', not HEAD) and the full ref
// refs/heads/<name>.
func gitAcceptsBranch(t *testing.T, name string) bool {
	t.Helper()
	dir := t.TempDir() // not a repository: nothing to resolve "@" against
	for _, args := range [][]string{{"check-ref-format", "--branch", name}, {"check-ref-format", "refs/heads/" + name}} {
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = dir, testEnv()
		if err := cmd.Run(); err != nil {
			return false
		}
	}
	return true
}

func TestBranchName(t *testing.T) {
	at := time.Date(2025, 3, 4, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600)) // 2025-03-05 in UTC
	tests := []struct {
		project, shortID, want string
	}{
		{"prod", "a1b2c3", "driftfix/prod/20250305-a1b2c3"},
		{"envs/prod", "a1b2c3", "driftfix/envs-prod/20250305-a1b2c3"},
		{"My Project", "ABC", "driftfix/my-project/20250305-abc"},
		{"..hidden..", "x", "driftfix/hidden/20250305-x"},
		{".lock", "x", "driftfix/lock/20250305-x"},
		{"state.lock", "x", "driftfix/state/20250305-x"},
		{"a.lock.lock", "x", "driftfix/a/20250305-x"},
		{"a..b", "x", "driftfix/a.b/20250305-x"},
		{"-leading-dash-", "x", "driftfix/leading-dash/20250305-x"},
		{"we@{ird}", "x", "driftfix/we-ird/20250305-x"},
		{"tab\there", "x", "driftfix/tab-here/20250305-x"},
		{"colon:star*question?bracket[", "x", "driftfix/colon-star-question-bracket/20250305-x"},
		{`back\slash~tilde^caret`, "x", "driftfix/back-slash-tilde-caret/20250305-x"},
		{"ünïcode", "x", "driftfix/n-code/20250305-x"},
		{"", "", "driftfix/project/20250305-run"},
		{"@", "@", "driftfix/project/20250305-run"},
		{"/", "../..", "driftfix/project/20250305-run"},
		{"snake_case.v2", "id/with/slash", "driftfix/snake_case.v2/20250305-id-with-slash"},
		{strings.Repeat("long", 30), "x", "driftfix/" + strings.Repeat("long", 16) + "/20250305-x"},
		{strings.Repeat("a", 63) + ".b", "x", "driftfix/" + strings.Repeat("a", 63) + "/20250305-x"},
	}
	for _, tt := range tests {
		got := BranchName(tt.project, at, tt.shortID)
		if got != tt.want {
			t.Errorf("BranchName(%q, %q) = %q, want %q", tt.project, tt.shortID, got, tt.want)
		}
		if err := ValidateBranchName(got); err != nil {
			t.Errorf("BranchName(%q, %q) = %q, which ValidateBranchName refuses: %v", tt.project, tt.shortID, got, err)
		}
		if !gitAcceptsBranch(t, got) {
			t.Errorf("BranchName(%q, %q) = %q, which git check-ref-format refuses", tt.project, tt.shortID, got)
		}
	}
}

// TestValidateBranchNameAgreesWithGit holds ValidateBranchName to git's own
// check-ref-format on every rule it has.
func TestValidateBranchNameAgreesWithGit(t *testing.T) {
	names := []string{
		"main", "feature/x", "driftfix/prod/20250101-abc", "a-b_c.d", "ünïcode", "a@b", "@a", "a/@", "x/HEAD", "a/-b",
		"", "-x", "HEAD", "a.lock", "a.lock/b", "a/b.lock", ".a", "a/.b", "a b", "a..b", "a@{b", "@{", "a/", "/a",
		"a//b", "a.", "a/b.", `a\b`, "a:b", "a?b", "a*b", "a[b", "a~b", "a^b", "a\tb", "a\x7fb", "a\x01b",
	}
	for _, name := range names {
		err := ValidateBranchName(name)
		if err != nil && !errors.Is(err, ErrInvalidBranchName) {
			t.Errorf("ValidateBranchName(%q) = %v, not an ErrInvalidBranchName", name, err)
		}
		if got, want := err == nil, gitAcceptsBranch(t, name); got != want {
			t.Errorf("ValidateBranchName(%q) accepts=%v, git check-ref-format accepts=%v (err %v)", name, got, want, err)
		}
	}
	// stricter than git where git reads the name as something else
	if err := ValidateBranchName("@"); !errors.Is(err, ErrInvalidBranchName) {
		t.Errorf(`ValidateBranchName("@") = %v, want ErrInvalidBranchName ("@" means HEAD)`, err)
	}
}
