package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// FileName is the name of the config file at the root of a repository.
const FileName = "driftfix.hcl"

// Find returns the path of driftfix.hcl in dir, or "" when dir has none (no
// config is not an error). It does not look in parent directories.
func Find(dir string) (string, error) {
	p := filepath.Join(dir, FileName)
	fi, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("find config: %w", err)
	case fi.IsDir():
		return "", fmt.Errorf("find config: %s is a directory", p)
	}
	return p, nil
}

// FindUp returns the path of driftfix.hcl in dir or in the nearest parent
// directory that has one, looking no higher than the repository root (the
// first directory, from dir up, that holds .git) or the filesystem root. ""
// means there is none (not an error).
func FindUp(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("find config: %w", err)
	}
	for {
		p, err := Find(abs)
		if err != nil || p != "" {
			return p, err
		}
		if _, err := os.Stat(filepath.Join(abs, ".git")); err == nil {
			return "", nil // the repository root: look no higher
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", nil
		}
		abs = parent
	}
}

// Load reads and validates the config file at path. Diagnostics name path
// as given, so messages read `driftfix.hcl:12,3-20: …` for a relative path.
// On any error diagnostic the Config is nil.
func Load(path string) (*Config, hcl.Diagnostics) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read config file",
			Detail:   err.Error(),
			Subject:  &hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos},
		}}
	}
	return Parse(src, path)
}

// Parse decodes and validates config source; filename names it in
// diagnostics. On any error diagnostic the Config is nil.
func Parse(src []byte, filename string) (*Config, hcl.Diagnostics) {
	file, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	var raw rawFile
	diags = append(diags, gohcl.DecodeBody(file.Body, nil, &raw)...)
	if diags.HasErrors() {
		// Validate would repeat these problems as missing values.
		return nil, diags
	}
	c, vdiags := raw.Validate(filename)
	return c, append(diags, vdiags...)
}
