package config

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// The webhooks { … } block turns on `driftfix serve`'s pull-request
// workflow for the repository block's GitHub repository: plans on pull
// requests, comment commands, apply requirements and locks.

// rawWebhooks is the webhooks { … } block.
type rawWebhooks struct {
	DefRange hcl.Range `hcl:",def_range"`

	SecretEnv         *string        `hcl:"secret_env,optional"`
	SecretEnvRange    hcl.Range      `hcl:"secret_env,attr_value_range"`
	SecretFile        *string        `hcl:"secret_file,optional"`
	SecretFileRange   hcl.Range      `hcl:"secret_file,attr_value_range"`
	BotLogin          *string        `hcl:"bot_login,optional"`
	BotLoginRange     hcl.Range      `hcl:"bot_login,attr_value_range"`
	Approvers         hcl.Expression `hcl:"approvers,optional"`
	ApplyRequirements hcl.Expression `hcl:"apply_requirements,optional"`
	Workers           *int           `hcl:"workers,optional"`
	WorkersRange      hcl.Range      `hcl:"workers,attr_value_range"`
}

// Webhooks says how `driftfix serve` answers GitHub's webhooks.
type Webhooks struct {
	// SecretEnv and SecretFile name where the webhook's shared secret is
	// (default: the environment variable DRIFTFIX_WEBHOOK_SECRET). The
	// server refuses to start without one.
	SecretEnv, SecretFile string
	// BotLogin is driftfix's own login on GitHub ("name[bot]" for an
	// App): its comments are never commands.
	BotLogin string
	// Approvers are the GitHub logins whose approval lets a comment apply
	// a plan the policy sends to review (compared without regard to case).
	// Empty: no review plan can be applied from a comment.
	Approvers []string
	// ApplyRequirements are what a pull request must be before a comment
	// applies its plans: approved, mergeable, undiverged (default all
	// three). A project block's apply_requirements replaces them for that
	// project.
	ApplyRequirements []string
	// Workers is how many events are worked on at once (default 4).
	Workers int
}

// The apply requirements a pull request can be held to.
const (
	RequireApproved   = "approved"   // at least one standing approval
	RequireMergeable  = "mergeable"  // GitHub would merge it (checks pass, no conflict)
	RequireUndiverged = "undiverged" // its branch has the base branch's latest commit
)

// ApplyRequirementNames lists the apply requirements, in the order
// messages give them.
var ApplyRequirementNames = []string{RequireApproved, RequireMergeable, RequireUndiverged}

// The webhook defaults.
const (
	DefaultWebhookSecretEnv = "DRIFTFIX_WEBHOOK_SECRET"
	DefaultWebhookWorkers   = 4
)

// Webhooks returns the webhooks block; ok is false without one (serve
// then answers no webhooks).
func (c *Config) Webhooks() (Webhooks, bool) {
	if c.webhooks == nil {
		return Webhooks{}, false
	}
	w := *c.webhooks
	w.Approvers = slices.Clone(w.Approvers)
	w.ApplyRequirements = slices.Clone(w.ApplyRequirements)
	return w, true
}

// ApplyRequirements returns what project's pull requests must be before a
// comment applies them: the project's own apply_requirements, else the
// webhooks block's.
func (c *Config) ApplyRequirements(project string) []string {
	for _, p := range c.projects {
		if p.Name == project && p.ApplyRequirements != nil {
			return slices.Clone(p.ApplyRequirements)
		}
	}
	if c.webhooks != nil {
		return slices.Clone(c.webhooks.ApplyRequirements)
	}
	return slices.Clone(ApplyRequirementNames)
}

func (rw *rawWebhooks) validate() (Webhooks, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	w := Webhooks{SecretEnv: DefaultWebhookSecretEnv, ApplyRequirements: slices.Clone(ApplyRequirementNames), Workers: DefaultWebhookWorkers}
	if rw.SecretEnv != nil {
		w.SecretEnv = *rw.SecretEnv
		if msg := checkEnvName(w.SecretEnv); msg != "" {
			diags = append(diags, errorAt(rw.SecretEnvRange, "Invalid environment variable", "secret_env %s.", msg))
		}
	}
	if rw.SecretFile != nil {
		w.SecretFile = *rw.SecretFile
		if w.SecretFile == "" {
			diags = append(diags, errorAt(rw.SecretFileRange, "Invalid file", "secret_file must not be empty."))
		}
		if rw.SecretEnv != nil {
			diags = append(diags, errorAt(rw.SecretFileRange, "Two secret sources", "Give secret_env or secret_file, not both."))
		}
		w.SecretEnv = ""
	}
	if rw.BotLogin != nil {
		w.BotLogin = *rw.BotLogin
		if !validLogin(strings.TrimSuffix(w.BotLogin, "[bot]")) {
			diags = append(diags, errorAt(rw.BotLoginRange, "Invalid login", "bot_login %q is not a GitHub login (an App's is \"name[bot]\").", w.BotLogin))
		}
	}
	approvers, _, d := stringList(rw.Approvers, "approvers")
	diags = append(diags, d...)
	for _, a := range dedupe(approvers) {
		if !validLogin(a.Value) {
			diags = append(diags, errorAt(a.Range, "Invalid login", "approvers: %q is not a GitHub login.", a.Value))
			continue
		}
		w.Approvers = append(w.Approvers, a.Value)
	}
	reqs, set, d := applyRequirements(rw.ApplyRequirements)
	diags = append(diags, d...)
	if set {
		w.ApplyRequirements = reqs
	}
	if rw.Workers != nil {
		w.Workers = *rw.Workers
		if w.Workers < 1 || w.Workers > 64 {
			diags = append(diags, errorAt(rw.WorkersRange, "Invalid workers", "workers is %d; want 1 to 64.", w.Workers))
		}
	}
	return w, diags
}

// applyRequirements reads an apply_requirements list; set is false when
// the attribute is absent (an empty list is set: no requirement).
func applyRequirements(expr hcl.Expression) ([]string, bool, hcl.Diagnostics) {
	refs, set, diags := stringList(expr, "apply_requirements")
	if !set {
		return nil, false, diags
	}
	out := []string{}
	for _, r := range dedupe(refs) {
		if !slices.Contains(ApplyRequirementNames, r.Value) {
			diags = append(diags, errorAt(r.Range, "Unknown apply requirement", "apply_requirements: %q is not one of %s.", r.Value, orList(ApplyRequirementNames)))
			continue
		}
		out = append(out, r.Value)
	}
	return out, true, diags
}

// validLogin reports whether s is a GitHub login: letters, digits and
// single hyphens, not at either end, at most 39 characters.
func validLogin(s string) bool {
	if s == "" || len(s) > 39 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// validateWebhooks checks the block against the repository block it
// serves.
func (c *Config) validateWebhooks(def hcl.Range) hcl.Diagnostics {
	if c.repository == nil || c.repository.GitHub == "" {
		return hcl.Diagnostics{errorAt(def, "No GitHub repository",
			"The webhooks block serves the repository block's GitHub repository; add repository { url = …, github = \"OWNER/NAME\" }.")}
	}
	return nil
}
