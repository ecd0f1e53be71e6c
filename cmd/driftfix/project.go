package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// project is the directory a command works on, in the three forms the
// packages below need.
type project struct {
	// abs is the absolute directory; files are written under it.
	abs string
	// fsys and dir are what iac.Load reads: the whole file system, so that
	// local modules outside the directory (source = "../modules/x") load too.
	fsys fs.FS
	dir  string
	// display is the directory as paths in the output start: relative to the
	// working directory when the directory is inside it, else as given.
	display string
}

// openProject resolves the DIR argument ("" = the working directory).
func openProject(arg string) (*project, error) {
	if arg == "" {
		arg = "."
	}
	abs, err := filepath.Abs(arg)
	if err != nil {
		return nil, fmt.Errorf("directory %s: %w", arg, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("directory %s: %w", arg, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", arg)
	}
	vol := filepath.VolumeName(abs)
	dir := strings.TrimLeft(filepath.ToSlash(abs[len(vol):]), "/")
	if dir == "" {
		dir = "."
	}
	return &project{abs: abs, fsys: os.DirFS(vol + string(filepath.Separator)), dir: dir, display: displayDir(arg, abs)}, nil
}

// displayDir is the prefix of the paths driftfix prints: relative to the
// working directory when the directory lies inside it, else the argument as
// given. "." prints paths as they are.
func displayDir(arg, abs string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(filepath.Clean(arg))
}
