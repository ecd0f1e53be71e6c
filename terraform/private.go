package terraform

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// copyPrefix names the private plan copies: .driftfix-plan-copy-<pid>-<random>.
const copyPrefix = ".driftfix-plan-copy-"

// privateCopy writes data to a new file of mode 0600 in dir and returns its
// path. It first removes the copies that processes which are gone left in
// dir (a process killed with SIGKILL cannot remove its own).
func privateCopy(dir string, data []byte) (string, error) {
	removeStaleCopies(dir)
	f, err := os.CreateTemp(dir, copyPrefix+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return "", err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// removeStaleCopies removes the plan copies in dir whose process no longer
// runs. A copy of a live process (this one or another) is left alone.
func removeStaleCopies(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), copyPrefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid <= 0 || processRuns(pid) {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}

// privateFile makes a file that holds secrets in clear (a plan file
// Terraform wrote with the umask's mode) readable by its owner only.
func privateFile(path string) error {
	fi, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file (%s)", path, fi.Mode().Type())
	}
	if fi.Mode().Perm() == 0o600 {
		return nil
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return &fs.PathError{Op: "chmod", Path: path, Err: err}
	}
	return nil
}
