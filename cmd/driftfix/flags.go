package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/driftfix/driftfix/pipeline"
	"github.com/spf13/pflag"
)

// registerSelection adds the flags that choose the rules scan and fix run
// and the input they read.
func registerSelection(fl *pflag.FlagSet, s *pipeline.Selection) {
	fl.StringSliceVar(&s.Rules, "rule", nil, "run only these rules (repeatable, comma-separated)")
	fl.StringSliceVar(&s.Skip, "skip-rule", nil, "do not run these rules (repeatable, comma-separated)")
	fl.StringSliceVar(&s.Classes, "class", nil, "run only the rules of these fix classes (repeatable, comma-separated)")
	fl.StringVar(&s.MinSeverity, "min-severity", "low", "run only rules of at least this severity: low, medium, high or critical")
	fl.StringArrayVar(&s.RequiredTags, "required-tag", nil, "a tag every taggable resource must have, KEY or KEY=VALUE (repeatable); with a VALUE the fix adds it")
	fl.StringVar(&s.ConfigFile, "config", "", "driftfix.hcl to read (default: DIR/driftfix.hcl, if any); flags override its rules block")
}

// registerTarget adds the flags plan, apply and drift share to pick a
// project.
func registerTarget(fl *pflag.FlagSet, t *pipeline.Target) {
	fl.StringVarP(&t.Project, "project", "p", "", "the project block of driftfix.hcl to run (default: the one for DIR)")
	fl.StringVar(&t.ConfigFile, "config", "", "driftfix.hcl to read (default: the one in DIR or the nearest parent, up to the repository root)")
	fl.StringVar(&t.Environment, "env", "", "override the project's environment (its policy decides what may auto-apply)")
	fl.StringVar(&t.Workspace, "workspace", "", "override the project's Terraform workspace")
	fl.BoolVar(&t.AllowDownload, "allow-download", false, "install the project's exact terraform_version from the releases site when no local terraform fits")
}

// target completes t with the directory argument and where output goes.
func (a *app) target(t pipeline.Target, args []string) pipeline.Target {
	if len(args) == 1 {
		t.Dir = args[0]
	}
	t.TerraformOutput = a.stderr
	t.Logger = a.log
	return t
}

// dirArg is the directory argument ("" = the working directory).
func dirArg(args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return ""
}

// checkFormat refuses a --format the command cannot render.
func checkFormat(command, format string, known []string) error {
	if slices.Contains(known, format) {
		return nil
	}
	return planErr(&usageError{fmt.Errorf("unknown format %q for %s (want %s)", format, command, strings.Join(known, ", "))})
}
