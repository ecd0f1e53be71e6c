package terraform

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// This file holds the pure functions that turn Options into the
// environment and the terraform-exec options of each command. None of
// them runs anything; their tests need no binary.
//
// What terraform-exec already does for every command, and so is not
// repeated here: -no-color and (for init, plan, apply) -input=false on the
// command line; TF_IN_AUTOMATION=1 and empty TF_LOG* in the environment;
// stdin is /dev/null, so a prompt (there should be none) reads EOF and
// fails instead of hanging. TF_INPUT cannot be set at all: terraform-exec
// reserves it (SetEnv refuses it), and -input=false is its replacement.

// DefaultPluginCacheDir is the provider plugin cache shared by all runs:
// $XDG_CACHE_HOME/driftfix/plugins (~/.cache/driftfix/plugins when unset).
func DefaultPluginCacheDir() (string, error) {
	root, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("plugin cache dir: %w", err)
	}
	return filepath.Join(root, "driftfix", "plugins"), nil
}

// buildEnv returns the environment handed to terraform-exec's SetEnv.
//
// base is the starting environment: explicit (Options.Env) or inherited
// (os.Environ()). Variables that terraform-exec manages or refuses
// (TF_CLI_ARGS*, TF_VAR_*, TF_LOG*, TF_INPUT, TF_IN_AUTOMATION,
// TF_WORKSPACE, TF_REATTACH_PROVIDERS, …) are an error in an explicit
// environment and are dropped from an inherited one; dropped lists their
// names (never values). Then CHECKPOINT_DISABLE=1 (no update check, no
// ~/.terraform.d/checkpoint files) and TF_PLUGIN_CACHE_DIR are set.
func buildEnv(base map[string]string, explicit bool, pluginCacheDir string) (env map[string]string, dropped []string, err error) {
	env = make(map[string]string, len(base)+2)
	maps.Copy(env, base)
	prohibited := tfexec.ProhibitedEnv(env)
	slices.Sort(prohibited)
	if len(prohibited) > 0 {
		if explicit {
			return nil, nil, fmt.Errorf("terraform environment: %s cannot be set (terraform-exec manages it; use Options instead)", strings.Join(prohibited, ", "))
		}
		for _, k := range prohibited {
			delete(env, k)
		}
	}
	env["CHECKPOINT_DISABLE"] = "1"
	if pluginCacheDir != "" {
		env["TF_PLUGIN_CACHE_DIR"] = pluginCacheDir
	}
	return env, prohibited, nil
}

// environMap turns os.Environ()-style entries into a map.
func environMap(environ []string) map[string]string {
	m := make(map[string]string, len(environ))
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		if k != "" {
			m[k] = v
		}
	}
	return m
}

// lockTimeout renders a duration as Terraform's -lock-timeout value.
func lockTimeout(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	return d.String()
}

// initOptions: never upgrade providers or modules (the lock file decides),
// backend configuration from Options. Init takes no lock options: they
// were removed in Terraform 0.15 and terraform-exec refuses them.
func initOptions(o Options) []tfexec.InitOption {
	opts := []tfexec.InitOption{tfexec.Upgrade(false)}
	for _, bc := range o.BackendConfig {
		opts = append(opts, tfexec.BackendConfig(bc))
	}
	return opts
}

// planOptions: save the plan to out, always take the state lock, var
// files in the order given, and refresh-only on request.
func planOptions(out string, o Options, p PlanOptions) []tfexec.PlanOption {
	opts := []tfexec.PlanOption{
		tfexec.Out(out),
		tfexec.Lock(true),
		tfexec.LockTimeout(lockTimeout(o.LockTimeout)),
	}
	for _, vf := range o.VarFiles {
		opts = append(opts, tfexec.VarFile(vf))
	}
	if p.RefreshOnly {
		opts = append(opts, tfexec.RefreshOnly(true))
	}
	return opts
}

// applyOptions: apply exactly the saved plan file and nothing else. No
// var files (a saved plan carries its variables; Terraform refuses them)
// and no targets.
func applyOptions(planPath string, o Options) []tfexec.ApplyOption {
	return []tfexec.ApplyOption{
		tfexec.DirOrPlan(planPath),
		tfexec.Lock(true),
		tfexec.LockTimeout(lockTimeout(o.LockTimeout)),
	}
}
