package pipeline

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// workDir is the directory scan or fix works on, in the forms the packages
// below need.
type workDir struct {
	// abs is the absolute directory; files are written under it.
	abs string
	// fsys and fsDir are what iac.Load reads: the whole file system, so
	// that local modules outside the directory (source = "../modules/x")
	// load too.
	fsys  fs.FS
	fsDir string
	// display is the directory as paths in the output start: relative to
	// the working directory when the directory is inside it, else as given.
	display string
}

// openWorkDir resolves a DIR argument ("" = the working directory).
func openWorkDir(arg string) (*workDir, error) {
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
	return &workDir{abs: abs, fsys: os.DirFS(vol + string(filepath.Separator)), fsDir: dir, display: displayPath(arg, abs)}, nil
}

// displayPath is how driftfix shows a path: relative to the working
// directory when it lies inside it, else arg as given. "." shows paths as
// they are.
func displayPath(arg, abs string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(filepath.Clean(arg))
}
