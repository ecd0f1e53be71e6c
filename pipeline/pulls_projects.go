package pipeline

import (
	"os"
	"path"
	"slices"
	"strings"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/iac"
)

// changedProjects returns the projects of cfg that a change to files (slash
// paths relative to the repository root, checked out at root) touches, in
// the config's order. A project is touched when a Terraform file (.tf,
// .tf.json, .tfvars, .tfvars.json, .terraform.lock.hcl) changes in its
// directory or in the directory of a local module it calls, directly or
// through other local modules, or when one of its var files changes. A
// file in a subdirectory of a project that the project does not call as a
// module does not touch it: that is another module.
func changedProjects(cfg *config.Config, root string, files []string) []config.Project {
	fsys := os.DirFS(root)
	var out []config.Project
	for _, p := range cfg.Projects() {
		dir := path.Clean(p.Dir)
		dirs := append([]string{dir}, iac.LocalModules(fsys, dir)...)
		varFiles := make([]string, len(p.VarFiles))
		for i, v := range p.VarFiles {
			varFiles[i] = path.Join(dir, v.Value)
		}
		touched := slices.ContainsFunc(files, func(f string) bool {
			f = path.Clean(f)
			return slices.Contains(varFiles, f) || terraformFile(f) && slices.Contains(dirs, path.Dir(f))
		})
		if touched {
			out = append(out, p)
		}
	}
	return out
}

// terraformFile reports whether a file is part of a module's configuration
// or its inputs.
func terraformFile(name string) bool {
	base := path.Base(name)
	if base == ".terraform.lock.hcl" {
		return true
	}
	for _, suf := range []string{".tf", ".tf.json", ".tfvars", ".tfvars.json"} {
		if strings.HasSuffix(base, suf) {
			return true
		}
	}
	return false
}
