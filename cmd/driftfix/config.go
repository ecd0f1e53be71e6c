package main

import (
	"fmt"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/pipeline"
	"github.com/hashicorp/hcl/v2"
)

// loadConfig reads driftfix.hcl: the file given with --config, else the one
// in dir, else the embedded defaults. Problems name file, line and column; a
// file whose classes or policies the class table refuses is refused whole.
func (a *app) loadConfig(path, dir string) (*config.Config, error) {
	if path == "" {
		found, err := config.Find(dir)
		if err != nil {
			return nil, err
		}
		if found == "" {
			a.log.Debug("no driftfix.hcl; using the defaults", "dir", dir)
			return config.Default(), nil
		}
		path = found
	}
	cfg, diags := config.Load(path)
	if diags.HasErrors() {
		return nil, diagError(diags)
	}
	// what only the class table can judge: custom classes that would lower
	// a built-in risk, unknown class names in policies
	if d := pipeline.CheckConfig(cfg, fixers.All()); d.HasErrors() {
		return nil, diagError(d)
	}
	for _, d := range diags {
		a.log.Warn(config.FormatDiagnostics(hcl.Diagnostics{d}))
	}
	return cfg, nil
}

// diagError turns configuration diagnostics into one error whose lines read
// file:line,col: summary; detail.
func diagError(diags hcl.Diagnostics) error {
	return fmt.Errorf("invalid configuration:\n%s", config.FormatDiagnostics(diags))
}
