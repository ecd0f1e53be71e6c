package git

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// History, on a real repository: each content of each matching file once,
// with the commit that brought it, oldest first, on every branch; a file
// deleted since is still there; nothing is written to the repository.
func TestHistory(t *testing.T) {
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=Dev One", "-c", "user.email=dev@example.test"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	write := func(p, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q", "-b", "main")
	write("infra/main.tf", "v1\n")
	write("infra/creds.auto.tfvars", "token = \"x\"\n")
	write("README.md", "hi\n")
	git("add", "-A")
	git("commit", "-q", "-m", "first")
	write("infra/main.tf", "v2\n")
	git("rm", "-q", "infra/creds.auto.tfvars")
	git("commit", "-q", "-a", "-m", "remove the creds")
	git("checkout", "-q", "-b", "feature")
	write("infra/dir with space/x.tf", "v3\n")
	git("add", "-A")
	git("commit", "-q", "-m", "on a branch")
	git("checkout", "-q", "main")
	before, _ := os.ReadFile(filepath.Join(dir, ".git", "index"))

	var got []string
	root, err := History(t.Context(), filepath.Join(dir, "infra"), HistoryOptions{Match: func(p string) bool { return strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tfvars") }},
		func(v Version) error {
			if len(v.Commit) != 40 || v.Author != "Dev One <dev@example.test>" || v.Date.IsZero() {
				t.Errorf("version %+v", v)
			}
			got = append(got, v.Subject+": "+v.Path+"="+strings.TrimSpace(string(v.Content)))
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := filepath.EvalSymlinks(dir); root != want {
		t.Errorf("root %s, want %s", root, want)
	}
	want := []string{
		"first: creds.auto.tfvars=token = \"x\"",
		"first: main.tf=v1",
		"remove the creds: main.tf=v2",
		"on a branch: dir with space/x.tf=v3",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("versions:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if after, _ := os.ReadFile(filepath.Join(dir, ".git", "index")); string(after) != string(before) {
		t.Error("History changed the repository's index")
	}

	if _, err := History(t.Context(), t.TempDir(), HistoryOptions{}, func(Version) error { return nil }); !errors.Is(err, ErrNotRepository) {
		t.Errorf("outside a repository: %v, want ErrNotRepository", err)
	}
	stop := errors.New("stop")
	if _, err := History(t.Context(), dir, HistoryOptions{}, func(Version) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("visit's error: %v", err)
	}
}
