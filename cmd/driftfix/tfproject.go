package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/pipeline"
	"github.com/driftfix/driftfix/policy"
	"github.com/spf13/pflag"
)

// target holds the flags plan and apply share to pick a project.
type target struct {
	project       string
	config        string
	env           string
	workspace     string
	allowDownload bool
}

func (t *target) register(fl *pflag.FlagSet) {
	fl.StringVarP(&t.project, "project", "p", "", "the project block of driftfix.hcl to run (default: the one for DIR)")
	fl.StringVar(&t.config, "config", "", "driftfix.hcl to read (default: the one in DIR or the nearest parent, up to the repository root)")
	fl.StringVar(&t.env, "env", "", "override the project's environment (its policy decides what may auto-apply)")
	fl.StringVar(&t.workspace, "workspace", "", "override the project's Terraform workspace")
	fl.BoolVar(&t.allowDownload, "allow-download", false, "install the project's exact terraform_version from the releases site when no local terraform fits")
}

// resolved is a project ready to run, with the config that governs it.
type resolved struct {
	cfg     *config.Config
	project pipeline.Project
	env     pipeline.Env
	table   *policy.Table
	policy  policy.Policy
}

// resolve finds the config and the project: driftfix.hcl is --config, or
// the one in DIR or its nearest parent up to the repository root; -p NAME
// picks a project block; otherwise the project whose dir is DIR (or, in the
// config's own directory, its only project), or DIR itself with the
// defaults when there is no config. Run artifacts go to
// ROOT/.driftfix/<project>/, where ROOT is the directory of driftfix.hcl (or
// DIR without one). --env must name an environment the config knows.
func (a *app) resolve(t *target, dirArg string) (*resolved, error) {
	if t.project != "" && dirArg != "" {
		return nil, &usageError{fmt.Errorf("give either -p PROJECT or DIR, not both")}
	}
	base := dirArg
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
	cfgPath := t.config
	if cfgPath == "" {
		if cfgPath, err = config.FindUp(baseAbs); err != nil {
			return nil, err
		}
	}
	cfg := config.Default()
	root := baseAbs
	if cfgPath != "" {
		if cfg, err = a.loadConfig(cfgPath, baseAbs); err != nil {
			return nil, err
		}
		root = filepath.Dir(mustAbs(cfgPath))
	}
	cp, err := pickProject(cfg, t.project, root, baseAbs)
	if err != nil {
		return nil, err
	}
	if t.env != "" {
		if _, err := cfg.LookupEnvironment(t.env); err != nil {
			return nil, &usageError{fmt.Errorf("--env: %w", err)}
		}
	}
	if t.env != "" || t.workspace != "" {
		cfg, err = cfg.WithOverrides(config.Overrides{Environment: t.env, Workspace: t.workspace})
		if err != nil {
			return nil, &usageError{err}
		}
		if t.env != "" {
			cp.Environment = t.env
		}
		if t.workspace != "" {
			cp.Workspace = t.workspace
		}
	}
	proj, err := pipeline.ResolveProject(root, cp)
	if err != nil {
		return nil, err
	}
	table, pol, diags := pipeline.Governance(cfg, proj.Environment, fixers.All())
	if diags.HasErrors() {
		return nil, diagError(diags)
	}
	env := pipeline.Env{
		Root:            root,
		SearchDirs:      []string{filepath.Join(root, "bin")},
		AllowDownload:   t.allowDownload,
		TerraformOutput: a.stderr,
		Logger:          a.log,
	}
	return &resolved{cfg: cfg, project: proj, env: env, table: table, policy: pol}, nil
}

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
		sort.Strings(names)
		return config.Project{}, fmt.Errorf("no project %q in %s (projects: %s)", name, cfgName(cfg), strings.Join(names, ", "))
	}
	for _, p := range projects {
		if filepath.Clean(filepath.Join(root, filepath.FromSlash(p.Dir))) == dirAbs {
			return p, nil
		}
	}
	if len(projects) == 1 && root == dirAbs {
		return projects[0], nil
	}
	if cfg.File() != "" {
		// A config governs DIR: a project of its own must say how, or the
		// defaults would judge DIR differently from -p.
		var list []string
		for _, p := range projects {
			list = append(list, fmt.Sprintf("%s (dir %q)", p.Name, p.Dir))
		}
		rel, _ := filepath.Rel(root, dirAbs)
		return config.Project{}, fmt.Errorf("%s has no project whose dir is %q; add one, or pick one with -p (projects: %s)", cfg.File(), filepath.ToSlash(rel), strings.Join(list, ", "))
	}
	rel, err := filepath.Rel(root, dirAbs)
	if err != nil {
		return config.Project{}, err
	}
	p := config.DefaultProject(filepath.ToSlash(rel))
	if rel != "." {
		p.Name = strings.ReplaceAll(filepath.ToSlash(rel), "/", "-")
	}
	return p, nil
}

func cfgName(cfg *config.Config) string {
	if cfg.File() == "" {
		return "the defaults"
	}
	return cfg.File()
}

func mustAbs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
