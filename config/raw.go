package config

import "github.com/hashicorp/hcl/v2"

// The raw stage: driftfix.hcl exactly as gohcl decodes it. Nothing here is
// checked beyond what gohcl checks (unknown blocks and attributes, required
// attributes, the types of scalar attributes); Validate turns it into a
// Config. Lists and maps are kept as expressions so that Validate can give
// every element its own range (a class name in auto_apply, a rule ID in
// disable), which the caller needs to report names it cannot resolve.
//
// Absent optional attributes are nil pointers (or null expressions), so that
// "not set" and "set to the zero value" stay apart until defaults apply.

// rawFile is the top-level body of driftfix.hcl.
type rawFile struct {
	Projects []rawProject  `hcl:"project,block"`
	Classes  []rawClass    `hcl:"class,block"`
	Policies []rawPolicy   `hcl:"policy,block"`
	Rules    []rawRules    `hcl:"rules,block"`
	Settings []rawSettings `hcl:"settings,block"`

	Repositories  []rawRepository    `hcl:"repository,block"`
	Servers       []rawServer        `hcl:"server,block"`
	Notifications []rawNotifications `hcl:"notifications,block"`
	Learning      []rawLearning      `hcl:"learning,block"`
	Webhooks      []rawWebhooks      `hcl:"webhooks,block"`
	Priority      []rawPriority      `hcl:"priority,block"`
	Secrets       []rawSecrets       `hcl:"secrets,block"`
}

// rawProject is a project "name" { … } block.
type rawProject struct {
	Name      string    `hcl:"name,label"`
	NameRange hcl.Range `hcl:"name,label_range"`
	DefRange  hcl.Range `hcl:",def_range"`

	Dir              *string   `hcl:"dir,optional"`
	DirRange         hcl.Range `hcl:"dir,attr_value_range"`
	Workspace        *string   `hcl:"workspace,optional"`
	WorkspaceRange   hcl.Range `hcl:"workspace,attr_value_range"`
	TerraformVersion *string   `hcl:"terraform_version,optional"`
	TFVersionRange   hcl.Range `hcl:"terraform_version,attr_value_range"`
	Environment      *string   `hcl:"environment,optional"`
	EnvironmentRange hcl.Range `hcl:"environment,attr_value_range"`
	Schedule         *string   `hcl:"schedule,optional"`
	ScheduleRange    hcl.Range `hcl:"schedule,attr_value_range"`

	BackendConfig     hcl.Expression `hcl:"backend_config,optional"`
	VarFiles          hcl.Expression `hcl:"var_files,optional"`
	ApplyRequirements hcl.Expression `hcl:"apply_requirements,optional"`
}

// rawClass is a class "name" { … } block.
type rawClass struct {
	Name      string    `hcl:"name,label"`
	NameRange hcl.Range `hcl:"name,label_range"`
	DefRange  hcl.Range `hcl:",def_range"`

	Risk      *string   `hcl:"risk,optional"`
	RiskRange hcl.Range `hcl:"risk,attr_value_range"`

	Resources hcl.Expression `hcl:"resources,optional"`
	Paths     hcl.Expression `hcl:"paths,optional"`
}

// rawPolicy is a policy "environment" { … } block.
type rawPolicy struct {
	Environment      string    `hcl:"environment,label"`
	EnvironmentRange hcl.Range `hcl:"environment,label_range"`
	DefRange         hcl.Range `hcl:",def_range"`

	MaxChanges       *int      `hcl:"max_changes,optional"`
	MaxChangesRange  hcl.Range `hcl:"max_changes,attr_value_range"`
	ReviewAbove      *int      `hcl:"review_above_priority,optional"`
	ReviewAboveRange hcl.Range `hcl:"review_above_priority,attr_value_range"`

	AutoApply       hcl.Expression `hcl:"auto_apply,optional"`
	RequireApproval hcl.Expression `hcl:"require_approval,optional"`
}

// rawRules is the rules { … } block.
type rawRules struct {
	DefRange hcl.Range `hcl:",def_range"`

	Disable      hcl.Expression `hcl:"disable,optional"`
	EnableOnly   hcl.Expression `hcl:"enable_only,optional"`
	Severity     hcl.Expression `hcl:"severity,optional"`
	RequiredTags hcl.Expression `hcl:"required_tags,optional"`
}

// rawSettings is the settings { … } block.
type rawSettings struct {
	DefRange hcl.Range `hcl:",def_range"`

	NoAutoApplyEnvironments hcl.Expression `hcl:"no_auto_apply_environments,optional"`
	DriftRemediation        hcl.Expression `hcl:"drift_remediation,optional"`
	DriftTypes              hcl.Expression `hcl:"drift_types,optional"`

	DriftTimeout             *string   `hcl:"drift_timeout,optional"`
	DriftTimeoutRange        hcl.Range `hcl:"drift_timeout,attr_value_range"`
	DriftRequestTimeout      *string   `hcl:"drift_request_timeout,optional"`
	DriftRequestTimeoutRange hcl.Range `hcl:"drift_request_timeout,attr_value_range"`
}
