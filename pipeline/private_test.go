package pipeline

import (
	"github.com/driftfix/driftfix/policy"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/driftfix/driftfix/fixers"
)

// What driftfix writes under .driftfix is 0600 in 0700 directories, also
// when the umask would allow more and when files and directories already
// exist with wider modes.
func TestPrivateFiles(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	root := t.TempDir()
	state := filepath.Join(root, ".driftfix", "app")
	if err := os.MkdirAll(state, 0o777); err != nil {
		t.Fatal(err)
	}
	os.Chmod(filepath.Join(root, ".driftfix"), 0o777)
	for _, name := range []string{RunLogFile, ApprovalsFile, ClassificationFile} {
		if err := os.WriteFile(filepath.Join(state, name), []byte("old\n"), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	if err := privateStateDir(state); err != nil {
		t.Fatal(err)
	}
	if err := writePrivate(filepath.Join(state, PlanJSONFile), []byte("{}")); err != nil {
		t.Fatal(err)
	}
	if err := writeRecord(state, &Record{Project: "app"}); err != nil {
		t.Fatal(err)
	}
	if err := appendApproval(state, policy.Approval{Project: "app"}); err != nil {
		t.Fatal(err)
	}
	f, err := openRunLog(state, "plan")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := SaveIntent(root, &fixers.FixResult{}, nil); err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(filepath.Join(root, ".driftfix"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		want := os.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if fi.Mode().Perm() != want {
			rel, _ := filepath.Rel(root, p)
			t.Errorf("%s: mode %#o, want %#o", rel, fi.Mode().Perm(), want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(IntentFile))); err != nil {
		t.Errorf("intent not written: %v", err)
	}
}
