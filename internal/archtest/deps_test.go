// Package archtest holds the allowed import edges between driftfix's own
// packages as data, after go/build's deps_test.go: data flows one way, and a
// later stage may import an earlier one, never the reverse.
package archtest

import (
	"go/build"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/internal/testenv"
)

const module = "github.com/driftfix/driftfix"

// allowed maps each package (relative to the module) to the packages of
// ours it may import (non-test imports). A package missing here fails the
// test: add it with its place in the pipeline. So does a package named
// here that does not exist: the table lists only packages that exist.
var allowed = map[string][]string{
	// leaves: the standard library and their own libraries only
	"iac":       {},
	"terraform": {},
	"lock":      {},
	"config":    {},
	"vcs/git":   {},
	// vcs/github: go-github only; githublocal is the tests' GitHub
	"vcs/github":             {},
	"vcs/github/githublocal": {},
	"store":                  {},
	"attrpath":               {},
	"notify":                 {},
	"secrets":                {},
	"metrics":                {"store"},

	"cloud":                 {"iac", "attrpath"},
	"fixers":                {"iac", "secrets"},
	"codify":                {"iac", "cloud", "attrpath"}, // iac covers iac/tfstate
	"fixers/fixertest":      {"fixers", "iac", "internal/testenv"},
	"policy":                {"fixers", "iac", "attrpath"},
	"priority":              {"iac", "fixers", "cloud", "config"}, // iac covers iac/tfstate
	"report":                {"fixers", "policy", "iac", "cloud", "codify", "metrics", "store"},
	"pipeline":              {"iac", "cloud", "codify", "fixers", "secrets", "policy", "priority", "terraform", "lock", "vcs/git", "vcs/github", "store", "notify", "metrics", "server", "schedules", "webhook", "report", "config", "attrpath"},
	"cmd/driftfix":          {"pipeline", "report", "config", "cloud/awslocal"},
	"internal/testenv":      {},
	"internal/benchgen":     {},
	"schedules":             {},
	"internal/archtest":     {"internal/testenv"},
	"internal/repotest":     {},
	"internal/pgtest":       {},
	"tools/bench":           {"internal/benchgen", "internal/secretcorpus"},
	"internal/secretcorpus": {},
	"tools/ruletable":       {"fixers", "internal/testenv"},
	"tools/agreement":       {"fixers", "iac", "internal/testenv"},

	// the runner's read side and its test history
	"server":             {"store", "metrics", "report"},
	"internal/storetest": {"store"},

	// the webhooks driftfix serve receives, worked off the store's queue
	"webhook": {"store"},
}

func TestImports(t *testing.T) {
	root := testenv.RepoRoot()
	var dirs []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		name := d.Name()
		if p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "bin" || name == "docs" || name == "examples") {
			return filepath.SkipDir
		}
		dirs = append(dirs, p)
		return nil
	})
	sort.Strings(dirs)
	exists := map[string]bool{} // every package, and every directory above one
	checked := 0
	for _, dir := range dirs {
		pkg, err := build.ImportDir(dir, 0)
		if err != nil {
			continue // no Go files
		}
		rel, _ := filepath.Rel(root, dir)
		rel = filepath.ToSlash(rel)
		for p := rel; p != "."; p = path.Dir(p) {
			exists[p] = true
		}
		allow, ok := allowed[rel]
		if !ok {
			// sub-packages inherit their parent's edges (cloud/aws → cloud)
			for parent := rel; strings.Contains(parent, "/"); {
				parent = parent[:strings.LastIndex(parent, "/")]
				if a, found := allowed[parent]; found {
					allow, ok = append(a, parent), true
					break
				}
			}
		}
		if !ok {
			t.Errorf("package %s is not in the allowed-imports table", rel)
			continue
		}
		checked++
		for _, imp := range pkg.Imports {
			if !strings.HasPrefix(imp, module+"/") {
				continue
			}
			dep := strings.TrimPrefix(imp, module+"/")
			if !permitted(allow, dep) {
				t.Errorf("%s imports %s, which the data flow does not allow (allowed: %v)", rel, dep, allow)
			}
		}
	}
	if checked < 5 {
		t.Fatalf("checked only %d packages; is the walk broken?", checked)
	}
	for _, pkg := range slices.Sorted(maps.Keys(allowed)) {
		if !exists[pkg] {
			t.Errorf("the allowed-imports table lists %s, which is not a package", pkg)
		}
		for _, dep := range allowed[pkg] {
			if dep != "*" && !exists[dep] {
				t.Errorf("%s may import %s, which is not a package", pkg, dep)
			}
		}
	}
}

func permitted(allow []string, dep string) bool {
	for _, a := range allow {
		if a == "*" || dep == a || strings.HasPrefix(dep, a+"/") {
			return true
		}
	}
	return false
}
