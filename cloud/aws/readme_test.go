package aws

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// between is the README text between <!-- name:begin … --> and <!-- name:end -->.
func between(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	begin := strings.Index(s, "<!-- "+name+":begin")
	end := strings.Index(s, "<!-- "+name+":end -->")
	if begin < 0 || end < begin {
		t.Fatalf("README has no %s block", name)
	}
	s = s[begin:end]
	return s[strings.Index(s, "-->")+len("-->"):]
}

// The README's table of supported types has a row for every type the
// reader reads, and no other.
func TestREADMEListsEveryType(t *testing.T) {
	row := regexp.MustCompile("(?m)^\\| `(aws_[a-z0-9_]+)` \\|")
	listed := map[string]bool{}
	for _, m := range row.FindAllStringSubmatch(between(t, "drift-types"), -1) {
		listed[m[1]] = true
	}
	for _, typ := range SupportedTypes() {
		if !listed[typ] {
			t.Errorf("README's table of drift types has no row for %s", typ)
		}
		delete(listed, typ)
	}
	for typ := range listed {
		t.Errorf("README's table of drift types lists %s, which the reader does not read", typ)
	}
}

// The README shows the policy --print-iam-policy prints for every type.
func TestREADMEShowsThePolicy(t *testing.T) {
	want, err := IAMPolicy(nil)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(between(t, "iam-policy"))
	got = strings.TrimSuffix(strings.TrimPrefix(got, "```json"), "```")
	if strings.TrimSpace(got) != strings.TrimSpace(want) {
		t.Errorf("README's IAM policy is not what driftfix drift --print-iam-policy prints; it prints:\n%s", want)
	}
}
