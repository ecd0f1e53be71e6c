package pipeline

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/policy"
	"github.com/hashicorp/hcl/v2"
)

// UsageError is a mistake in what was asked for — a flag's value, a flag
// that needs another — rather than in the files or the cloud. The CLI says
// how to get help with it.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func usage(format string, args ...any) error {
	return &UsageError{fmt.Errorf(format, args...)}
}

// Target names the project a Terraform command (plan, apply, drift) runs
// on, as the command line gives it, with where its output goes.
type Target struct {
	// Dir is the directory argument ("" = the working directory); Project
	// names a project block of driftfix.hcl instead. Give one of them.
	Dir     string
	Project string
	// ConfigFile is driftfix.hcl ("" = the one in Dir or its nearest
	// parent, up to the repository root).
	ConfigFile string
	// Environment and Workspace override the project's.
	Environment string
	Workspace   string
	// AllowDownload lets driftfix install the project's exact Terraform
	// version when nothing local fits.
	AllowDownload bool
	// TerraformOutput receives Terraform's own output, redacted. Nil
	// discards.
	TerraformOutput io.Writer
	// Logger receives what driftfix does. Nil discards.
	Logger *slog.Logger
}

// Resolved is a project ready to run, with the config that governs it and
// the class table and policy of its environment.
type Resolved struct {
	Config  *config.Config
	Project Project
	Env     Env
	Table   *policy.Table
	Policy  policy.Policy
}

// Resolve finds the config and the project: driftfix.hcl is t.ConfigFile,
// or the one in Dir or its nearest parent up to the repository root;
// t.Project picks a project block; otherwise the project whose dir is Dir
// (or, in the config's own directory, its only project), or Dir itself
// with the defaults when there is no config. Flags override the file once,
// through config.Overrides, before the project is picked. Run artifacts go
// to ROOT/.driftfix/<project>/, where ROOT is the directory of
// driftfix.hcl (or Dir without one). An environment the config does not
// know is a usage error.
func Resolve(t Target) (*Resolved, error) {
	if t.Project != "" && t.Dir != "" {
		return nil, usage("give either -p PROJECT or DIR, not both")
	}
	base := t.Dir
	if base == "" {
		base = "."
	}
	baseAbs, err := filepath.Abs(base)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(baseAbs); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", base)
	}
	cfgPath := t.ConfigFile
	if cfgPath == "" {
		if cfgPath, err = config.FindUp(baseAbs); err != nil {
			return nil, err
		}
	}
	cfg := config.Default()
	root := baseAbs
	if cfgPath != "" {
		if cfg, err = LoadConfig(cfgPath, t.Logger); err != nil {
			return nil, err
		}
		if root, err = filepath.Abs(filepath.Dir(cfgPath)); err != nil {
			return nil, err
		}
	}
	if t.Environment != "" {
		if _, err := cfg.LookupEnvironment(t.Environment); err != nil {
			return nil, usage("--env: %w", err)
		}
	}
	if cfg, err = cfg.WithOverrides(config.Overrides{Environment: t.Environment, Workspace: t.Workspace}); err != nil {
		return nil, &UsageError{err}
	}
	cp, err := pickProject(cfg, t.Project, root, baseAbs)
	if err != nil {
		return nil, err
	}
	proj, err := ResolveProject(root, cp)
	if err != nil {
		return nil, err
	}
	table, pol, diags := Governance(cfg, proj.Environment, fixers.All())
	if diags.HasErrors() {
		return nil, DiagnosticsError(diags)
	}
	env := Env{
		Root:            root,
		SearchDirs:      []string{filepath.Join(root, "bin")},
		AllowDownload:   t.AllowDownload,
		TerraformOutput: t.TerraformOutput,
		Logger:          t.Logger,
	}
	return &Resolved{Config: cfg, Project: proj, Env: env, Table: table, Policy: pol}, nil
}

// pickProject chooses the config's project for name or dirAbs (see
// Resolve).
func pickProject(cfg *config.Config, name, root, dirAbs string) (config.Project, error) {
	projects := cfg.Projects()
	if name != "" {
		if p, ok := cfg.Project(name); ok {
			return p, nil
		}
		var names []string
		for _, p := range projects {
			names = append(names, p.Name)
		}
		slices.Sort(names)
		return config.Project{}, fmt.Errorf("no project %q in %s (projects: %s)", name, configName(cfg), strings.Join(names, ", "))
	}
	for _, p := range projects {
		if filepath.Clean(filepath.Join(root, filepath.FromSlash(p.Dir))) == dirAbs {
			return p, nil
		}
	}
	if len(projects) == 1 && root == dirAbs {
		return projects[0], nil
	}
	// A config governs DIR: a project of its own must say how, or the
	// defaults would judge DIR differently from -p. (Without a file, the
	// default project's dir is DIR itself, found above.)
	var list []string
	for _, p := range projects {
		list = append(list, fmt.Sprintf("%s (dir %q)", p.Name, p.Dir))
	}
	rel, _ := filepath.Rel(root, dirAbs)
	return config.Project{}, fmt.Errorf("%s has no project whose dir is %q; add one, or pick one with -p (projects: %s)", configName(cfg), filepath.ToSlash(rel), strings.Join(list, ", "))
}

func configName(cfg *config.Config) string {
	if cfg.File() == "" {
		return "the defaults"
	}
	return cfg.File()
}

// LoadConfig reads driftfix.hcl at path and refuses, naming file, line and
// column, a file that does not decode or whose custom classes or policies
// the class table refuses (a class that would lower a built-in risk, an
// unknown class name). Warnings go to log.
func LoadConfig(path string, log *slog.Logger) (*config.Config, error) {
	cfg, diags := config.Load(path)
	if diags.HasErrors() {
		return nil, DiagnosticsError(diags)
	}
	if d := CheckConfig(cfg, fixers.All()); d.HasErrors() {
		return nil, DiagnosticsError(d)
	}
	for _, d := range diags {
		logger(log).Warn(config.FormatDiagnostics(hcl.Diagnostics{d}))
	}
	return cfg, nil
}

// configIn is the config for a command on dir: the file given, else
// driftfix.hcl in dir, else the defaults.
func configIn(file, dir string, log *slog.Logger) (*config.Config, error) {
	if file == "" {
		found, err := config.Find(dir)
		if err != nil {
			return nil, err
		}
		if found == "" {
			logger(log).Debug("no driftfix.hcl; using the defaults", "dir", dir)
			return config.Default(), nil
		}
		file = found
	}
	return LoadConfig(file, log)
}

// DiagnosticsError turns configuration diagnostics into one error whose
// lines read file:line,col: summary; detail.
func DiagnosticsError(diags hcl.Diagnostics) error {
	return &ConfigError{Diagnostics: diags}
}

// ConfigError is a driftfix.hcl that cannot be used.
type ConfigError struct{ Diagnostics hcl.Diagnostics }

func (e *ConfigError) Error() string {
	return "invalid configuration:\n" + config.FormatDiagnostics(e.Diagnostics)
}

func logger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}
