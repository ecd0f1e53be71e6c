// Package config reads driftfix.hcl, the configuration at the root of a
// repository, in two stages: gohcl decodes the file into raw structs
// (raw.go), then Validate checks every value and builds an immutable,
// defaults-applied Config (valid.go), which the rest of driftfix takes.
// Flags override the file through (*Config).WithOverrides.
//
// config is a leaf: it imports HCL, cty, robfig/cron and the standard
// library, and none of driftfix's packages. Class names, risks, severities
// and rule IDs are plain strings; pipeline and cmd map them to the types of
// fixers and policy. Names that only those packages can check (a class in a
// policy, a rule ID) are Refs that keep their range, so an unknown name is
// still reported at file:line,col.
//
// Every problem is an hcl.Diagnostic whose Subject is a range in the file,
// so it prints as `driftfix.hcl:12,3-20: Invalid risk; …`: unknown blocks
// and attributes, values of the wrong type, unknown risks and severities,
// bad cron expressions, negative max_changes, duplicate project names and
// class or policy labels, and project directories that leave the
// repository.
//
// # The file
//
// All blocks are optional. examples/config/driftfix.hcl is a fully
// commented example.
//
//	project "app" {               # repeatable; label = name (see Project)
//	  dir               = "."     # default "."; relative, inside the repository
//	  workspace         = "default"
//	  terraform_version = "1.5.7" # optional exact version
//	  environment       = "dev"   # default "dev"
//	  backend_config    = { key = "app.tfstate" }
//	  var_files         = ["dev.tfvars"]          # relative to dir
//	  schedule          = "0 */6 * * *"           # optional; see ParseSchedule
//	}
//	class "test-input" {          # custom fix class; label = class name (see Class)
//	  risk      = "low"           # low | medium | high (required)
//	  resources = ["terraform_data"]   # resource type patterns (required)
//	  paths     = ["input"]            # attribute path patterns; omitted = whole resource
//	}
//	policy "dev" {                # per environment; label = environment (see Policy)
//	  auto_apply       = ["tags", "encryption-at-rest", "test-input"]
//	  max_changes      = 10       # default 25; 0 = no limit
//	  require_approval = ["imds"]
//	  review_above_priority = 70  # optional, 0–100 (see Threshold)
//	}
//	rules {                       # at most one (see Rules)
//	  disable       = ["aws-s3-access-logging"]
//	  enable_only   = []          # when not empty, only these rules run
//	  severity      = { "aws-s3-versioning" = "high" }  # low | medium | high | critical
//	  required_tags = { owner = "platform", "cost-center" = "" }  # "" = report only
//	}
//	settings {                    # at most one (see Settings)
//	  no_auto_apply_environments = ["prod"]   # default ["prod", "production"]
//	  drift_timeout              = "10m"      # drift's whole live read
//	  drift_request_timeout      = "30s"      # one attempt of one AWS call
//	  drift_types                = ["aws_s3_bucket", "aws_iam_role"]  # default: every supported type
//	}
//	priority {                    # at most one (see Priority, DefaultPriority)
//	  severity         = { low = 10, medium = 20, high = 30, critical = 40 }
//	  internet_facing  = 20       # -100…100 each; the sum is kept in 0–100
//	  sensitive_data   = 15
//	  critical_service = 10
//	  environments     = { prod = 15, production = 15, staging = 5, dev = 0 }
//	  sensitive_tags   = { "data-classification" = ["confidential", "restricted", "sensitive", "pii"] }
//	  critical_tags    = { criticality = ["high", "critical"] }
//	}
//
// Without a file (Find returns ""), driftfix uses Default: one project,
// DefaultProject("."), and default settings.
package config
