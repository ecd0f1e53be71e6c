package config

import (
	"path"
	"path/filepath"
	"slices"
)

// defaults are every value driftfix.hcl may leave out, in one place.
var defaults = struct {
	ProjectName             string
	Dir                     string
	Workspace               string
	Environment             string
	MaxChanges              int
	NoAutoApplyEnvironments []string
}{
	ProjectName:             "default",
	Dir:                     ".",
	Workspace:               "default",
	Environment:             "dev",
	MaxChanges:              DefaultMaxChanges,
	NoAutoApplyEnvironments: []string{"prod", "production"},
}

// DefaultMaxChanges is max_changes when a policy block leaves it out.
const DefaultMaxChanges = 25

// DefaultProject is the project driftfix runs when there is no config file:
// named "default", in dir (cleaned, made slash-separated; "." when empty), with
// the default workspace and environment and no schedule.
func DefaultProject(dir string) Project {
	if dir == "" {
		dir = defaults.Dir
	}
	return Project{
		Name:        defaults.ProjectName,
		Dir:         path.Clean(filepath.ToSlash(dir)),
		Workspace:   defaults.Workspace,
		Environment: defaults.Environment,
	}
}

// Default is the config without a file: DefaultProject("."), no custom
// classes or policies, every rule enabled, default settings.
func Default() *Config {
	return &Config{
		projects: []Project{DefaultProject(defaults.Dir)},
		settings: defaultSettings(),
	}
}

func defaultSettings() Settings {
	return Settings{NoAutoApplyEnvironments: slices.Clone(defaults.NoAutoApplyEnvironments)}
}
