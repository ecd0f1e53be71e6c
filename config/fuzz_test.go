package config

import (
	"os"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
)

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// FuzzParse checks that Parse never panics, that a config never comes with
// errors, and that every error points into the file.
func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/brief.hcl", "testdata/empty.hcl", "testdata/not-hcl.yaml", "../examples/config/driftfix.hcl"} {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, s := range []string{
		"project \"a\" { schedule = \"TZ=UTC\" }",
		"project \"a\" { dir = \"a/../../b\" var_files = [\"../x\"] }",
		"rules { severity = { a = \"low\", a = \"high\" } required_tags = { (\"k\") = \"v\" } }",
		"policy \"p\" { auto_apply = [\"a\", [\"b\"]] max_changes = -1 }",
		"class \"c\" { risk = \"low\" resources = [\"[\"] paths = [] }",
		"settings { no_auto_apply_environments = null }",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		c, diags := Parse(src, FileName)
		if c != nil && diags.HasErrors() {
			t.Fatalf("config with errors: %s", diags.Error())
		}
		if c == nil && !diags.HasErrors() {
			t.Fatal("no config and no error")
		}
		for _, d := range diags {
			if d.Subject == nil || d.Subject.Filename != FileName {
				t.Fatalf("diagnostic without a subject in the file: %s", d.Error())
			}
		}
		if c != nil {
			if len(c.Projects()) == 0 {
				t.Fatal("no project")
			}
			if _, err := c.WithOverrides(Overrides{Environment: "e", RequiredTags: []RequiredTag{{Key: "k", Value: "v"}}}); err != nil {
				t.Fatal(err)
			}
			_ = FormatDiagnostics(diags)
			_ = hcl.Diagnostics(nil)
		}
	})
}
