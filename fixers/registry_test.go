package fixers_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/internal/testenv"
)

var (
	trivyID   = regexp.MustCompile(`^AVD-AWS-\d{4}$`)
	checkovID = regexp.MustCompile(`^CKV2?_AWS_\d+$`)
	ruleID    = regexp.MustCompile(`^aws-[a-z0-9-]+$`)
)

// TestRegistry checks every rule's metadata: unique IDs, a known class, a
// severity, cross-reference IDs, a doc page, and a fix or a reason for none.
func TestRegistry(t *testing.T) {
	all := fixers.All()
	if len(all) < 80 {
		t.Errorf("want at least 80 rules, have %d", len(all))
	}
	seen := map[string]bool{}
	for _, fx := range all {
		if !ruleID.MatchString(fx.ID) {
			t.Errorf("rule ID %q: want aws-…, lower case", fx.ID)
		}
		if seen[fx.ID] {
			t.Errorf("duplicate rule ID %s", fx.ID)
		}
		seen[fx.ID] = true
		if fx.Title == "" || fx.Check == nil || len(fx.ResourceTypes) == 0 {
			t.Errorf("%s: title, check and resource types are required", fx.ID)
		}
		if fx.Severity.Rank() == 0 {
			t.Errorf("%s: bad severity %q", fx.ID, fx.Severity)
		}
		if !fixers.KnownClass(fx.Class) {
			t.Errorf("%s: class %q is not one of the design's classes", fx.ID, fx.Class)
		}
		if fx.Refs.Trivy != "" && !trivyID.MatchString(fx.Refs.Trivy) {
			t.Errorf("%s: trivy ID %q", fx.ID, fx.Refs.Trivy)
		}
		if fx.Refs.Checkov != "" && !checkovID.MatchString(fx.Refs.Checkov) {
			t.Errorf("%s: checkov ID %q", fx.ID, fx.Refs.Checkov)
		}
		if fx.Refs.Trivy == "" && fx.Refs.Checkov == "" && fx.ID != "aws-required-tags" {
			t.Errorf("%s: needs a trivy or checkov cross-reference", fx.ID)
		}
		if len(fx.Touches) == 0 && fx.NoFix == "" {
			t.Errorf("%s: a rule either touches something when it fixes or says why it never fixes (NoFix)", fx.ID)
		}
		if _, err := os.Stat(filepath.Join(testenv.RepoRoot(), fx.Docs())); err != nil {
			t.Errorf("%s: missing doc page %s", fx.ID, fx.Docs())
		}
		if got, ok := fixers.ByID(fx.ID); !ok || got.ID != fx.ID {
			t.Errorf("ByID(%s) failed", fx.ID)
		}
	}
}
