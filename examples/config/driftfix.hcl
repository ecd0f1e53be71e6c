# driftfix.hcl — the configuration of driftfix for one repository.
#
# driftfix reads this file from the root of the repository (the directory
# it is run in). Every block is optional: without the file, driftfix scans
# the repository root as one project named "default", in environment "dev",
# with every rule enabled and the built-in low-risk fix classes allowed to
# auto-apply outside prod. Unknown blocks and attributes are errors, and every
# error names its place in this file (driftfix.hcl:12,3-20: …).

# A project is one Terraform root module that driftfix scans, plans and
# applies. Repeat the block for each; the label is the project's name
# (letters, digits, '_', '.', '-'), unique in the file. Select one with
# `driftfix … --project NAME`.
project "app" {
  # Directory of the root module, relative to this file. It may not leave
  # the repository (no leading ".."). Default ".".
  dir = "envs/dev"

  # Terraform workspace. Default "default".
  workspace = "default"

  # An exact Terraform version to install and use. Leave it out to use the
  # Terraform on PATH (or ./bin), honouring the module's required_version.
  terraform_version = "1.5.7"

  # The environment names the policy below that governs this project.
  # Default "dev".
  environment = "dev"

  # -backend-config key = value pairs for `terraform init`. Numbers and
  # bools are passed as their text.
  backend_config = {
    key     = "app/dev.tfstate"
    encrypt = true
  }

  # -var-file paths, relative to dir (they may point to a sibling directory
  # as long as they stay inside the repository).
  var_files = ["dev.tfvars", "../common.tfvars"]

  # When `driftfix serve` runs this project: five cron fields (minute hour
  # day-of-month month day-of-week, in UTC) or a descriptor (@hourly, @daily,
  # @weekly, @monthly, @every 90m). Leave it out for no scheduled runs.
  schedule = "0 */6 * * *"
}

project "app-prod" {
  dir         = "envs/prod"
  environment = "prod"
  var_files   = ["prod.tfvars"]
  schedule    = "@daily"

  # What a pull request must be before a comment applies this project's
  # plans (replaces the webhooks block's).
  apply_requirements = ["approved", "mergeable", "undiverged"]
}

# A custom fix class: maps resource types and attribute paths to a class
# with a risk, so that plans changing them can be classified and, if the
# environment's policy allows the class, auto-applied. The label is the
# class name (lowercase letters, digits, hyphens). A class may reuse a
# built-in name (tags, encryption-at-rest, versioning, public-access-block,
# logging, key-rotation, deletion-protection, imds, tls, network-exposure,
# iam) to map more paths to it, and may raise its risk but never lower it.
class "test-input" {
  # low | medium | high (required). High-risk classes never auto-apply.
  risk = "low"

  # Resource type patterns (required, not empty); globs such as "aws_s3_*"
  # and "*" work.
  resources = ["terraform_data"]

  # Attribute path patterns in plan-JSON form, indices ignored: "tags"
  # covers tags.env and tags["cost-center"]; "metadata_options[0].http_tokens"
  # covers that attribute only; a "*" segment matches any one step. Leave it
  # out to cover the whole resource, including creating it.
  paths = ["input"]
}

# A policy says what may be applied without review in one environment; the
# label is the environment name (compared ignoring case). With a config file,
# an environment without a policy block reviews every change (only without
# any driftfix.hcl does the default policy apply: the low-risk classes may
# auto-apply in dev, at most 25 changes at a time).
policy "dev" {
  # Fix classes whose changes may be applied without review. A plan is
  # auto-applied only if every change is a create or an in-place update
  # covered by one of these classes, and none moves an attribute off its
  # safe side (a regression, such as versioning Enabled → Suspended, is
  # always reviewed). "moved" (moved blocks) and "output" (output changes)
  # may be listed too.
  auto_apply = ["tags", "encryption-at-rest", "test-input"]

  # The most resource changes one auto-apply may hold; 0 means no limit.
  # Default 25.
  max_changes = 10

  # Classes that always need review, even if a plan holds nothing else.
  # A class may not be in both lists.
  require_approval = ["imds"]
}

policy "prod" {
  auto_apply  = []
  max_changes = 0

  # Changes that fix a finding or drift item whose priority (see the
  # priority block below) is above this number always need review, whatever
  # their class. 0–100; leave it out for no such limit.
  review_above_priority = 70
}

# Which rules run, and how. At most one rules block.
rules {
  # Rule IDs that never run.
  disable = ["aws-s3-access-logging"]

  # When not empty, only these rules run (less those in disable). Empty or
  # left out: every rule runs.
  enable_only = []

  # Override the severity of a rule: low | medium | high | critical.
  severity = {
    "aws-s3-versioning" = "high"
  }

  # Tags every taggable resource must carry: key = value to write when the
  # tag is missing, or "" to only report it.
  required_tags = {
    owner         = "platform"
    "cost-center" = ""
  }
}

# Global settings. At most one settings block.
settings {
  # Environments that never auto-apply, whatever their policy says.
  # Default ["prod", "production"]; [] allows every environment.
  no_auto_apply_environments = ["prod", "production"]

  # What driftfix drift does about drift, per fix class: "codify" rewrites
  # the code to the live value, "revert" leaves it to driftfix plan/apply
  # (through the gate), "report" only says so. Default: tags are codified,
  # the rest reverted.
  drift_remediation = {
    tags           = "codify"
    "key-rotation" = "codify"
  }

  # driftfix drift's bounds on reading AWS: the whole live read (default
  # 10m), and one attempt of one AWS call (default 30s; a call that times
  # out is retried, then fails). --timeout and --request-timeout override.
  drift_timeout         = "10m"
  drift_request_timeout = "30s"

  # The resource types drift reads (default: every type it supports; see
  # the README's table). Fewer types, fewer calls, and a smaller read-only
  # policy: driftfix drift --print-iam-policy prints the one these need.
  # drift_types = ["aws_s3_bucket", "aws_s3_bucket_policy", "aws_iam_role"]
}

# How driftfix ranks findings and drift: each gets a priority from 0 to 100,
# with the reasons for it, from the rule's severity and the live context of
# the resource — is it reachable from the internet, does it hold sensitive
# data, is it part of a critical service, which environment is it in. The
# priority orders runs, pull requests and notifications, and a policy's
# review_above_priority sends high-priority changes to review. Points add
# up and the sum is kept within 0–100. At most one priority block; every
# attribute is optional, and the values below are the defaults.
priority {
  # Base points of each severity (0–100). Severities left out keep their
  # default. Drift has no rule: its severity is the highest of the rules of
  # its fix class (medium when no rule has that class).
  severity = {
    low      = 10
    medium   = 20
    high     = 30
    critical = 40
  }

  # Points (-100–100; negative lowers the priority) when the resource, or
  # one it is attached to, is reachable from the internet: a public IP
  # (associate_public_ip_address, an Elastic IP, a subnet that maps public
  # IPs), ingress from 0.0.0.0/0 or ::/0 in a security group it uses, a
  # public bucket (public ACL or grant, a bucket policy for Principal "*",
  # no public access block or one that leaves a setting off),
  # publicly_accessible = true, or a load balancer that is not internal.
  # Live attributes count too when drift has read them.
  internet_facing = 20

  # Points when the resource, what it configures (a bucket's versioning,
  # a security group rule's group) or what it guards (the instances and
  # databases behind a security group, an instance's volumes) carries one
  # of sensitive_tags.
  sensitive_data = 15

  # Points when one of those resources carries one of critical_tags.
  critical_service = 10

  # Points of each environment (a project's environment; names compare
  # ignoring case). This map replaces the default: an environment not
  # listed gets 0.
  environments = {
    prod       = 15
    production = 15
    staging    = 5
    dev        = 0
  }

  # Tags that mark data as sensitive: tag key = the values that do (keys
  # and values compare ignoring case; [] matches any value). Replaces the
  # default; {} turns the signal off. Reasons show the tag, never other
  # attribute values.
  sensitive_tags = {
    "data-classification" = ["confidential", "restricted", "sensitive", "pii"]
  }

  # Tags that mark a critical service, as sensitive_tags.
  critical_tags = {
    criticality = ["high", "critical"]
  }
}

# Where `driftfix run` and `driftfix serve` check the code out and give their
# fixes back. Without this block they work in place and commit nothing.
repository {
  # What git clones: https://…, ssh://…, git@host:path or a path. Never put a
  # password or token in it: name where the token is with token_env or
  # token_file instead.
  url = "https://github.com/acme/infra.git"

  # The branch fixes go to. Default: the remote's HEAD.
  default_branch = "main"

  # "pr" (default): a branch driftfix/<project>/<date>-<id> and a pull
  # request. "direct": a commit to the default branch, only after an
  # auto-apply was verified (anything else still goes to a branch).
  commit_mode = "pr"

  author_name  = "driftfix"
  author_email = "driftfix@example.com"

  # The environment variable (or file, token_file) holding the token.
  token_env = "DRIFTFIX_GIT_TOKEN"

  # Labels for the pull requests driftfix opens.
  labels = ["driftfix"]

  # The GitHub repository driftfix opens pull requests in (with the token
  # above), and, for GitHub Enterprise Server, its address.
  github         = "acme/infra"
  github_api_url = "https://github.example.com"

  # Or act on GitHub as a GitHub App installation instead of the token (git
  # still uses token_env): all three, the key in a file or a variable.
  # app_id               = 123456
  # app_installation_id  = 7890123
  # app_private_key_file = "/run/secrets/driftfix-app.pem"
}

# Plans and applies from pull requests: `driftfix serve` answers GitHub's
# webhooks for the repository block's github repository. At most one block.
webhooks {
  # Where the webhook's shared secret is (or secret_file); serve refuses to
  # start without it.
  secret_env = "DRIFTFIX_WEBHOOK_SECRET"

  # driftfix's own login: its comments are never commands ("slug[bot]" for
  # an App).
  bot_login = "driftfix-bot"

  # Whose standing approval lets a comment apply a plan the policy sends to
  # review. Without approvers, review plans are applied on the server only.
  approvers = ["alice", "bob"]

  # What a pull request must be before `driftfix apply` runs; a project's
  # own apply_requirements replace these. Default all three.
  apply_requirements = ["approved", "mergeable", "undiverged"]

  # How many events are worked on at once.
  workers = 4
}

# How `driftfix serve` runs. At most one block.
server {
  # The dashboard, /metrics and /healthz.
  listen = "127.0.0.1:8080"

  # The run history: a SQLite file (relative to this file) or postgres://…
  # (without a password: use PGPASSWORD or ~/.pgpass). DRIFTFIX_DATABASE
  # and --db override it. Several replicas share one PostgreSQL database.
  database = ".driftfix/driftfix.db"

  # At most this many runs at once.
  concurrency = 2

  # Projects on one schedule start spread over this much time, each at a
  # fixed offset derived from its name.
  max_jitter = "5m"
}

# Whom driftfix tells: a Slack-compatible incoming webhook. The URL is a
# secret, so this names where it is (webhook_url_env or webhook_url_file).
notifications {
  webhook_url_env = "DRIFTFIX_NOTIFY_WEBHOOK"
  events          = ["apply", "review", "failure", "drift", "demotion", "leaked_key"]
}

# The learning gate: when people undo a class's automatic fixes in a project
# (revert them, or the cloud drifts back) at override_rate or more of at
# least min_fixes automatic fixes within window, the class needs review in
# that project until someone runs `driftfix promote`.
learning {
  override_rate = 0.25
  window        = "720h"
  min_fixes     = 4
}

# Hardcoded secrets (rule aws-hardcoded-secret). At most one block.
secrets {
  # Set a leaked AWS access key found in the code (or, with --history, in
  # its git history) Inactive in the account driftfix runs against, and
  # notify (event leaked_key): `driftfix keys`, and every `driftfix run`.
  # The key is never deleted. Off by default.
  deactivate_leaked_keys = false

  # The variable `driftfix fix` moves a hardcoded secret into, by the
  # finding's address and attribute (default: a new variable named after
  # where the secret was). An existing variable is marked sensitive.
  variables = {
    "aws_db_instance.orders.password" = "orders_db_password"
  }
}
