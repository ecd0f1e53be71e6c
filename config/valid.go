package config

import (
	"path"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// The valid stage: what the rest of driftfix takes. A Config is built only
// by Validate (through Load or Parse), Default, or WithOverrides, never
// changed after, and its accessors return copies, so a caller cannot change
// what another caller sees.
//
// Values are plain Go values: class names, risks, severities and rule IDs
// are strings (config does not import fixers or policy; pipeline and cmd map
// them to those packages' types). A value that refers to something checked
// elsewhere — a class name in a policy, a rule ID, a var file — is a Ref that
// carries its range in driftfix.hcl, so that the caller can report an
// unknown name at file:line,col.

// Ref is a name from driftfix.hcl with the range it was written at. A Ref
// from a flag (see WithOverrides) has a zero Range.
type Ref struct {
	Value string
	Range hcl.Range
}

// String returns the value.
func (r Ref) String() string { return r.Value }

// Diagnostic returns an error diagnostic about r, pointing at its range (or
// at nothing, for a Ref from a flag). Callers use it for names config cannot
// check itself: `ref.Diagnostic("Unknown fix class", "…")`.
func (r Ref) Diagnostic(summary, detail string) *hcl.Diagnostic {
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail}
	if r.Range.Filename != "" {
		rng := r.Range
		d.Subject = &rng
	}
	return d
}

// Config is a validated, defaults-applied driftfix.hcl. The zero value is not
// useful; get one from Load, Parse or Default.
type Config struct {
	file     string
	projects []Project
	classes  []Class
	policies []Policy
	rules    Rules
	settings Settings

	repository    *Repository
	server        *Server
	notifications *Notifications
	learning      *Learning
	webhooks      *Webhooks
	priority      *Priority // nil: DefaultPriority
	secrets       *Secrets  // nil: everything off
}

// File returns the path of the file the config was read from, or "" for a
// Default config.
func (c *Config) File() string { return c.file }

// Projects returns the projects in file order. There is always at least one:
// a file without project blocks holds DefaultProject(".").
func (c *Config) Projects() []Project {
	if len(c.projects) == 0 {
		return nil
	}
	out := make([]Project, len(c.projects))
	for i, p := range c.projects {
		out[i] = p.clone()
	}
	return out
}

// Project returns the project with the given name.
func (c *Config) Project(name string) (Project, bool) {
	for _, p := range c.projects {
		if p.Name == name {
			return p.clone(), true
		}
	}
	return Project{}, false
}

// Classes returns the custom fix classes in file order.
func (c *Config) Classes() []Class {
	if len(c.classes) == 0 {
		return nil
	}
	out := make([]Class, len(c.classes))
	for i, cl := range c.classes {
		out[i] = cl.clone()
	}
	return out
}

// Policies returns the per-environment policies in file order.
func (c *Config) Policies() []Policy {
	if len(c.policies) == 0 {
		return nil
	}
	out := make([]Policy, len(c.policies))
	for i, p := range c.policies {
		out[i] = p.clone()
	}
	return out
}

// PolicyFor returns the policy block for an environment (environment names
// compare case-insensitively, as the gate compares them). ok is false when
// the file has none; the caller then uses its own default policy.
func (c *Config) PolicyFor(env string) (Policy, bool) {
	for _, p := range c.policies {
		if strings.EqualFold(p.Environment, env) {
			return p.clone(), true
		}
	}
	return Policy{}, false
}

// Rules returns the rule selection and overrides.
func (c *Config) Rules() Rules { return c.rules.clone() }

// Settings returns the global settings, defaults applied.
func (c *Config) Settings() Settings { return c.settings.clone() }

// Project is one Terraform root module that driftfix scans, plans and
// applies: a `project "name" { … }` block.
type Project struct {
	// Name is the block label, unique in the file.
	Name string
	// Dir is the module's directory, slash-separated, cleaned and relative to
	// the directory of driftfix.hcl; never outside it. Default ".".
	Dir string
	// Workspace is the Terraform workspace. Default "default".
	Workspace string
	// TerraformVersion is an exact version such as "1.5.7", or "" to take
	// whatever Terraform the installer finds.
	TerraformVersion string
	// Environment names the policy that governs the project. Default "dev".
	Environment string
	// BackendConfig are -backend-config key=value pairs for terraform init.
	BackendConfig map[string]string
	// VarFiles are -var-file paths, cleaned and relative to Dir. Each is a
	// Ref because the file's existence is checked when the project runs.
	VarFiles []Ref
	// Schedule is a cron expression (see ParseSchedule), or "" for no
	// scheduled runs.
	Schedule string
	// ApplyRequirements, when not nil, replace the webhooks block's for
	// this project's pull requests (see Config.ApplyRequirements).
	ApplyRequirements []string

	// Range is the block header; DirRange and TerraformVersionRange are the
	// values' ranges (zero when defaulted), for errors found later (a missing
	// directory, a version that cannot be installed).
	Range                 hcl.Range
	DirRange              hcl.Range
	TerraformVersionRange hcl.Range
}

func (p Project) clone() Project {
	if p.BackendConfig != nil {
		m := make(map[string]string, len(p.BackendConfig))
		for k, v := range p.BackendConfig {
			m[k] = v
		}
		p.BackendConfig = m
	}
	p.VarFiles = slices.Clone(p.VarFiles)
	p.ApplyRequirements = slices.Clone(p.ApplyRequirements)
	return p
}

// Class is a custom fix class: a `class "name" { … }` block. It maps
// resource types and attribute paths to a class with a risk, so that a plan
// changing them can be classified (policy.Table.With). A class may reuse a
// built-in class name to map more paths to it; whether its risk may do that
// is the class table's call, which is why RiskRange is kept.
type Class struct {
	// Name is the block label: lowercase letters, digits and hyphens.
	Name string
	// Risk is "low", "medium" or "high".
	Risk string
	// Resources are resource type patterns (globs: aws_s3_*, *), never empty.
	Resources []string
	// Paths are attribute path patterns in plan-JSON form (tags,
	// metadata_options[0].http_tokens, a "*" segment for any one step). Nil
	// means the whole resource: every attribute, and creating it.
	Paths []string

	Range     hcl.Range // the block header
	NameRange hcl.Range
	RiskRange hcl.Range
	// ResourceRanges and PathRanges are the ranges of each element of
	// Resources and Paths, for errors the class table finds (a path that
	// would lower a built-in risk).
	ResourceRanges []hcl.Range
	PathRanges     []hcl.Range
}

func (c Class) clone() Class {
	c.Resources = slices.Clone(c.Resources)
	c.Paths = slices.Clone(c.Paths)
	c.ResourceRanges = slices.Clone(c.ResourceRanges)
	c.PathRanges = slices.Clone(c.PathRanges)
	return c
}

// Policy says what may be applied without review in one environment: a
// `policy "environment" { … }` block.
type Policy struct {
	// Environment is the block label, unique in the file (ignoring case).
	Environment string
	// AutoApply are the fix classes that may be applied without review.
	AutoApply []Ref
	// RequireApproval are classes that always need review.
	RequireApproval []Ref
	// MaxChanges bounds the resource changes of one auto-apply; 0 means no
	// limit. Default 25.
	MaxChanges int
	// ReviewAbovePriority, when set, sends every change that fixes a
	// finding or drift item with a priority above it to review, whatever
	// its class.
	ReviewAbovePriority Threshold

	Range hcl.Range // the block header
}

func (p Policy) clone() Policy {
	p.AutoApply = slices.Clone(p.AutoApply)
	p.RequireApproval = slices.Clone(p.RequireApproval)
	return p
}

// Rules selects which rules run and adjusts them: the `rules { … }` block.
type Rules struct {
	// Disable are rule IDs that never run.
	Disable []Ref
	// EnableOnly, when not empty, are the only rule IDs that run (less
	// Disable). Empty means every rule.
	EnableOnly []Ref
	// Severity overrides rule severities, in file order.
	Severity []SeverityOverride
	// RequiredTags are the tags every taggable resource must carry, in file
	// order.
	RequiredTags []RequiredTag
}

// SeverityOverride sets the severity of one rule.
type SeverityOverride struct {
	Rule Ref
	// Severity is "low", "medium", "high" or "critical".
	Severity string
}

// RequiredTag is one entry of required_tags.
type RequiredTag struct {
	Key string
	// Value is what the fix writes when the tag is missing; "" means the
	// tag is only reported, never written.
	Value string
	Range hcl.Range // the key
}

// Enabled reports whether the rule with this ID runs.
func (r Rules) Enabled(id string) bool {
	for _, d := range r.Disable {
		if d.Value == id {
			return false
		}
	}
	if len(r.EnableOnly) == 0 {
		return true
	}
	for _, e := range r.EnableOnly {
		if e.Value == id {
			return true
		}
	}
	return false
}

// SeverityOf returns the overridden severity of a rule, if any.
func (r Rules) SeverityOf(id string) (string, bool) {
	for _, s := range r.Severity {
		if s.Rule.Value == id {
			return s.Severity, true
		}
	}
	return "", false
}

// Tags returns RequiredTags as a map from key to value.
func (r Rules) Tags() map[string]string {
	m := make(map[string]string, len(r.RequiredTags))
	for _, t := range r.RequiredTags {
		m[t.Key] = t.Value
	}
	return m
}

// RuleRefs returns every rule ID the block names (disable, enable_only,
// severity), for checking against the registry.
func (r Rules) RuleRefs() []Ref {
	var out []Ref
	out = append(out, r.Disable...)
	out = append(out, r.EnableOnly...)
	for _, s := range r.Severity {
		out = append(out, s.Rule)
	}
	return out
}

func (r Rules) clone() Rules {
	r.Disable = slices.Clone(r.Disable)
	r.EnableOnly = slices.Clone(r.EnableOnly)
	r.Severity = slices.Clone(r.Severity)
	r.RequiredTags = slices.Clone(r.RequiredTags)
	return r
}

// Settings are global settings: the `settings { … }` block.
type Settings struct {
	// NoAutoApplyEnvironments never auto-apply, whatever their policy says.
	// Default ["prod", "production"]; an explicit [] allows every
	// environment.
	NoAutoApplyEnvironments []string
	// DriftRemediation overrides the default remediation per class (tags are
	// codified, the rest reverted).
	DriftRemediation []DriftRemediation
	// DriftTimeout bounds drift's whole live read; DriftRequestTimeout one
	// attempt of one AWS call. Zero means the command's default.
	DriftTimeout, DriftRequestTimeout time.Duration
	// DriftTypes are the resource types drift reads (and the IAM policy
	// it prints is for); empty means every type the reader supports. The
	// drift use case checks the names.
	DriftTypes []Ref
}

// AutoApplyAllowed reports whether an environment may auto-apply at all
// (names compare case-insensitively).
func (s Settings) AutoApplyAllowed(env string) bool {
	for _, e := range s.NoAutoApplyEnvironments {
		if strings.EqualFold(e, env) {
			return false
		}
	}
	return true
}

func (s Settings) clone() Settings {
	s.NoAutoApplyEnvironments = slices.Clone(s.NoAutoApplyEnvironments)
	s.DriftRemediation = slices.Clone(s.DriftRemediation)
	s.DriftTypes = slices.Clone(s.DriftTypes)
	return s
}

// Validate checks the raw file and builds the Config, applying defaults.
// Every problem is a diagnostic with a Subject in the file; on any error the
// Config is nil. Warnings (a name listed twice) come with a Config.
func (r *rawFile) Validate(filename string) (*Config, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	c := &Config{file: filename, settings: defaultSettings()}

	projects := map[string]hcl.Range{}
	for _, rp := range r.Projects {
		p, d := rp.validate()
		diags = append(diags, d...)
		if first, dup := projects[rp.Name]; dup {
			diags = append(diags, errorAt(rp.NameRange, "Duplicate project",
				"A project named %q is already defined at %s; project names must be unique.", rp.Name, first))
			continue
		}
		projects[rp.Name] = rp.NameRange
		c.projects = append(c.projects, p)
	}
	if len(r.Projects) == 0 {
		c.projects = []Project{DefaultProject(defaults.Dir)}
	}

	classes := map[string]hcl.Range{}
	for _, rc := range r.Classes {
		cl, d := rc.validate()
		diags = append(diags, d...)
		if first, dup := classes[rc.Name]; dup {
			diags = append(diags, errorAt(rc.NameRange, "Duplicate class",
				"A class named %q is already defined at %s; class names must be unique.", rc.Name, first))
			continue
		}
		classes[rc.Name] = rc.NameRange
		c.classes = append(c.classes, cl)
	}

	policies := map[string]hcl.Range{}
	for _, rp := range r.Policies {
		p, d := rp.validate()
		diags = append(diags, d...)
		env := strings.ToLower(rp.Environment)
		if first, dup := policies[env]; dup {
			diags = append(diags, errorAt(rp.EnvironmentRange, "Duplicate policy",
				"A policy for environment %q is already defined at %s; environment names are compared ignoring case.", rp.Environment, first))
			continue
		}
		policies[env] = rp.EnvironmentRange
		c.policies = append(c.policies, p)
	}

	for i, rr := range r.Rules {
		if i > 0 {
			diags = append(diags, errorAt(rr.DefRange, "Duplicate rules block",
				"Only one rules block is allowed; the first is at %s.", r.Rules[0].DefRange))
			continue
		}
		rules, d := rr.validate()
		diags = append(diags, d...)
		c.rules = rules
	}

	for i, rs := range r.Settings {
		if i > 0 {
			diags = append(diags, errorAt(rs.DefRange, "Duplicate settings block",
				"Only one settings block is allowed; the first is at %s.", r.Settings[0].DefRange))
			continue
		}
		s, d := rs.validate()
		diags = append(diags, d...)
		c.settings = s
	}
	diags = append(diags, r.validateRunner(c)...)

	for i, rp := range r.Priority {
		if i > 0 {
			diags = append(diags, errorAt(rp.DefRange, "Duplicate priority block",
				"Only one priority block is allowed; the first is at %s.", r.Priority[0].DefRange))
			continue
		}
		p, d := rp.validate()
		diags = append(diags, d...)
		c.priority = &p
	}

	for i, rs := range r.Secrets {
		if i > 0 {
			diags = append(diags, errorAt(rs.DefRange, "Duplicate secrets block",
				"Only one secrets block is allowed; the first is at %s.", r.Secrets[0].DefRange))
			continue
		}
		s, d := rs.validate()
		diags = append(diags, d...)
		c.secrets = &s
	}

	if diags.HasErrors() {
		return nil, diags
	}
	return c, diags
}

func (rp *rawProject) validate() (Project, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	p := DefaultProject(defaults.Dir)
	p.Name = rp.Name
	p.Range = rp.DefRange
	if msg := checkName(rp.Name); msg != "" {
		diags = append(diags, errorAt(rp.NameRange, "Invalid project name", "The project name %s.", msg))
	}
	if rp.Dir != nil {
		p.DirRange = rp.DirRange
		dir, msg := relPath(*rp.Dir, ".")
		if msg != "" {
			diags = append(diags, errorAt(rp.DirRange, "Invalid project directory", "dir %s.", msg))
		}
		p.Dir = dir
	}
	if rp.Workspace != nil {
		p.Workspace = *rp.Workspace
		if msg := checkWorkspace(p.Workspace); msg != "" {
			diags = append(diags, errorAt(rp.WorkspaceRange, "Invalid workspace", "workspace %s.", msg))
		}
	}
	if rp.TerraformVersion != nil {
		p.TerraformVersion = *rp.TerraformVersion
		p.TerraformVersionRange = rp.TFVersionRange
		if msg := checkVersion(p.TerraformVersion); msg != "" {
			diags = append(diags, errorAt(rp.TFVersionRange, "Invalid Terraform version", "terraform_version %s.", msg))
		}
	}
	if rp.Environment != nil {
		p.Environment = *rp.Environment
		if msg := checkName(p.Environment); msg != "" {
			diags = append(diags, errorAt(rp.EnvironmentRange, "Invalid environment", "environment %s.", msg))
		}
	}
	if rp.Schedule != nil {
		p.Schedule = *rp.Schedule
		if _, err := ParseSchedule(p.Schedule); err != nil {
			diags = append(diags, errorAt(rp.ScheduleRange, "Invalid schedule",
				"schedule must be a cron expression with five fields (\"0 */6 * * *\") or a descriptor (\"@daily\", \"@every 6h\"): %s.", err))
		}
	}
	pairs, set, d := stringMap(rp.BackendConfig, "backend_config", true)
	diags = append(diags, d...)
	if set {
		p.BackendConfig = make(map[string]string, len(pairs))
		for _, kv := range pairs {
			p.BackendConfig[kv.Key] = kv.Value
		}
	}
	if reqs, set, d := applyRequirements(rp.ApplyRequirements); set || d.HasErrors() {
		diags = append(diags, d...)
		p.ApplyRequirements = reqs
	}
	files, _, d := stringList(rp.VarFiles, "var_files")
	diags = append(diags, d...)
	for _, f := range files {
		clean, msg := relPath(f.Value, p.Dir)
		if msg != "" {
			diags = append(diags, errorAt(f.Range, "Invalid var file", "var_files: %s (paths are relative to the project's dir).", msg))
			continue
		}
		p.VarFiles = append(p.VarFiles, Ref{Value: clean, Range: f.Range})
	}
	return p, diags
}

func (rc *rawClass) validate() (Class, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	c := Class{Name: rc.Name, Range: rc.DefRange, NameRange: rc.NameRange}
	if msg := checkClassName(rc.Name); msg != "" {
		diags = append(diags, errorAt(rc.NameRange, "Invalid class name", "The class name %s.", msg))
	}
	switch {
	case rc.Risk == nil:
		diags = append(diags, errorAt(rc.DefRange, "Missing risk",
			"class %q needs a risk: one of %s.", rc.Name, orList(risks)))
	case !slices.Contains(risks, *rc.Risk):
		diags = append(diags, errorAt(rc.RiskRange, "Invalid risk",
			"risk must be one of %s, not %q.", orList(risks), *rc.Risk))
	default:
		c.Risk, c.RiskRange = *rc.Risk, rc.RiskRange
	}
	resources, set, d := stringList(rc.Resources, "resources")
	diags = append(diags, d...)
	switch {
	case !set:
		diags = append(diags, errorAt(rc.DefRange, "Missing resources",
			"class %q needs resources: the resource type patterns it covers, like [\"aws_s3_bucket\"].", rc.Name))
	case len(resources) == 0 && !d.HasErrors():
		diags = append(diags, errorAt(rc.Resources.Range(), "Empty resources",
			"resources must name at least one resource type pattern."))
	}
	for _, r := range resources {
		if _, err := path.Match(r.Value, ""); err != nil {
			diags = append(diags, errorAt(r.Range, "Invalid resource pattern", "%q is not a valid pattern: %s.", r.Value, err))
			continue
		}
		c.Resources = append(c.Resources, r.Value)
		c.ResourceRanges = append(c.ResourceRanges, r.Range)
	}
	paths, set, d := stringList(rc.Paths, "paths")
	diags = append(diags, d...)
	if set && len(paths) == 0 && !d.HasErrors() {
		diags = append(diags, errorAt(rc.Paths.Range(), "Empty paths",
			"paths must name at least one attribute path; leave it out to cover the whole resource."))
	}
	for _, p := range paths {
		if strings.ContainsAny(p.Value, " \t\n") {
			diags = append(diags, errorAt(p.Range, "Invalid attribute path", "%q must not contain spaces.", p.Value))
			continue
		}
		c.Paths = append(c.Paths, p.Value)
		c.PathRanges = append(c.PathRanges, p.Range)
	}
	return c, diags
}

func (rp *rawPolicy) validate() (Policy, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	p := Policy{Environment: rp.Environment, Range: rp.DefRange, MaxChanges: defaults.MaxChanges}
	if msg := checkName(rp.Environment); msg != "" {
		diags = append(diags, errorAt(rp.EnvironmentRange, "Invalid environment", "The policy's environment %s.", msg))
	}
	if rp.MaxChanges != nil {
		if *rp.MaxChanges < 0 {
			diags = append(diags, errorAt(rp.MaxChangesRange, "Invalid max_changes",
				"max_changes must be 0 (no limit) or more, not %d.", *rp.MaxChanges))
		}
		p.MaxChanges = *rp.MaxChanges
	}
	review, d := validateReviewAbove(rp.ReviewAbove, rp.ReviewAboveRange)
	diags = append(diags, d...)
	p.ReviewAbovePriority = review
	auto, _, d := stringList(rp.AutoApply, "auto_apply")
	diags = append(diags, d...)
	diags = append(diags, duplicates(auto, "auto_apply")...)
	approval, _, d := stringList(rp.RequireApproval, "require_approval")
	diags = append(diags, d...)
	diags = append(diags, duplicates(approval, "require_approval")...)
	for _, a := range auto {
		for _, r := range approval {
			if a.Value == r.Value {
				diags = append(diags, errorAt(a.Range, "Contradictory policy",
					"Class %q is in both auto_apply and require_approval (at %s); list it in one of them.", a.Value, r.Range))
			}
		}
	}
	p.AutoApply, p.RequireApproval = dedupe(auto), dedupe(approval)
	return p, diags
}

func (rr *rawRules) validate() (Rules, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	var r Rules
	disable, _, d := stringList(rr.Disable, "disable")
	diags = append(diags, d...)
	diags = append(diags, duplicates(disable, "disable")...)
	only, _, d := stringList(rr.EnableOnly, "enable_only")
	diags = append(diags, d...)
	diags = append(diags, duplicates(only, "enable_only")...)
	for _, o := range only {
		for _, x := range disable {
			if o.Value == x.Value {
				diags = append(diags, errorAt(o.Range, "Contradictory rules",
					"Rule %q is in both enable_only and disable (at %s); list it in one of them.", o.Value, x.Range))
			}
		}
	}
	r.Disable, r.EnableOnly = dedupe(disable), dedupe(only)

	sev, _, d := stringMap(rr.Severity, "severity", false)
	diags = append(diags, d...)
	for _, kv := range sev {
		if !slices.Contains(severities, kv.Value) {
			diags = append(diags, errorAt(kv.ValueRange, "Invalid severity",
				"The severity of %q must be one of %s, not %q.", kv.Key, orList(severities), kv.Value))
			continue
		}
		r.Severity = append(r.Severity, SeverityOverride{Rule: Ref{Value: kv.Key, Range: kv.KeyRange}, Severity: kv.Value})
	}

	tags, _, d := stringMap(rr.RequiredTags, "required_tags", false)
	diags = append(diags, d...)
	for _, kv := range tags {
		if strings.HasPrefix(strings.ToLower(kv.Key), "aws:") {
			diags = append(diags, errorAt(kv.KeyRange, "Invalid tag key",
				"Tag keys that start with \"aws:\" are reserved by AWS; %q cannot be required.", kv.Key))
			continue
		}
		r.RequiredTags = append(r.RequiredTags, RequiredTag{Key: kv.Key, Value: kv.Value, Range: kv.KeyRange})
	}
	return r, diags
}

func (rs *rawSettings) validate() (Settings, hcl.Diagnostics) {
	s := defaultSettings()
	envs, set, diags := stringList(rs.NoAutoApplyEnvironments, "no_auto_apply_environments")
	diags = append(diags, duplicates(envs, "no_auto_apply_environments")...)
	if set {
		s.NoAutoApplyEnvironments = []string{}
		for _, e := range dedupe(envs) {
			if msg := checkName(e.Value); msg != "" {
				diags = append(diags, errorAt(e.Range, "Invalid environment", "no_auto_apply_environments: the environment %s.", msg))
				continue
			}
			s.NoAutoApplyEnvironments = append(s.NoAutoApplyEnvironments, e.Value)
		}
	}
	types, _, d := stringList(rs.DriftTypes, "drift_types")
	diags = append(diags, d...)
	diags = append(diags, duplicates(types, "drift_types")...)
	s.DriftTypes = dedupe(types)
	pairs, _, d := stringMap(rs.DriftRemediation, "drift_remediation", false)
	diags = append(diags, d...)
	for _, p := range pairs {
		switch p.Value {
		case "revert", "codify", "report":
		default:
			diags = append(diags, errorAt(p.ValueRange, "Invalid remediation",
				"drift_remediation for %q is %q; want revert, codify or report.", p.Key, p.Value))
			continue
		}
		s.DriftRemediation = append(s.DriftRemediation, DriftRemediation{Class: Ref{Value: p.Key, Range: p.KeyRange}, Action: p.Value})
	}
	for _, t := range []struct {
		name string
		raw  *string
		rng  hcl.Range
		dst  *time.Duration
	}{
		{"drift_timeout", rs.DriftTimeout, rs.DriftTimeoutRange, &s.DriftTimeout},
		{"drift_request_timeout", rs.DriftRequestTimeout, rs.DriftRequestTimeoutRange, &s.DriftRequestTimeout},
	} {
		if t.raw == nil {
			continue
		}
		d, err := time.ParseDuration(*t.raw)
		if err != nil || d <= 0 {
			diags = append(diags, errorAt(t.rng, "Invalid duration",
				"%s is %q; want a positive duration such as \"30s\" or \"10m\".", t.name, *t.raw))
			continue
		}
		*t.dst = d
	}
	return s, diags
}

// DriftRemediation chooses what driftfix does about drift in one fix class:
// revert (plan/apply brings the cloud back to the code), codify (rewrite the
// code to the live value) or report.
type DriftRemediation struct {
	Class  Ref
	Action string
}
