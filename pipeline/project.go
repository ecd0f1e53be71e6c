package pipeline

import (
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sort"

	"github.com/driftfix/driftfix/config"
)

// Project is a project resolved for running: the config's project with an
// absolute directory.
type Project struct {
	Name             string
	Dir              string // absolute
	Workspace        string
	Environment      string
	TerraformVersion string
	BackendConfig    []string // key=value, sorted by key
	VarFiles         []string // relative to Dir
}

// ResolveProject turns a config project into a runnable one; root is the
// directory of driftfix.hcl (or the directory driftfix was pointed at).
func ResolveProject(root string, p config.Project) (Project, error) {
	abs, err := filepath.Abs(filepath.Join(root, filepath.FromSlash(p.Dir)))
	if err != nil {
		return Project{}, fmt.Errorf("project %s: %w", p.Name, err)
	}
	out := Project{Name: p.Name, Dir: abs, Workspace: p.Workspace, Environment: p.Environment, TerraformVersion: p.TerraformVersion}
	keys := make([]string, 0, len(p.BackendConfig))
	for k := range p.BackendConfig {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out.BackendConfig = append(out.BackendConfig, k+"="+p.BackendConfig[k])
	}
	for _, v := range p.VarFiles {
		out.VarFiles = append(out.VarFiles, v.Value)
	}
	return out, nil
}

// Env is what every run shares: where state is kept, where Terraform may be
// found, and where its output goes.
type Env struct {
	// Root is the repository root; run artifacts live in Root/.driftfix/<project>/.
	Root string
	// StateBase, when set, holds the run artifacts instead
	// (StateBase/<project>/): a pull request's plans are its own.
	StateBase string
	// SearchDirs are extra directories to find terraform in (after PATH),
	// such as Root/bin.
	SearchDirs []string
	// AllowDownload lets driftfix install the project's exact Terraform
	// version into the user cache when nothing local fits.
	AllowDownload bool
	// TerraformOutput receives Terraform's output, redacted. Nil discards.
	TerraformOutput io.Writer
	// Logger receives the run's log records. Nil discards.
	Logger *slog.Logger
}

func (e Env) logger() *slog.Logger {
	if e.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return e.Logger
}

// StateDir is where a project's run artifacts are kept.
func (e Env) StateDir(project string) string {
	if e.StateBase != "" {
		return filepath.Join(e.StateBase, project)
	}
	return filepath.Join(e.Root, ".driftfix", project)
}
