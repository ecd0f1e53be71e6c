package benchgen

import (
	"fmt"
	"path/filepath"
	"strings"
)

// GenerateRealistic writes a repository shaped like real Terraform estates
// (terraform-aws-modules and the monorepos built on them) with about n
// resource blocks, and returns how many it wrote:
//
//   - stacks: root modules under envs/<env>/<stack>/, each with versions.tf,
//     providers.tf, variables.tf (descriptions, types, defaults), a
//     terraform.tfvars, main.tf and network.tf of resources, and outputs.tf;
//   - shared local modules under modules/<kind>-v<N>/ in the
//     terraform-aws-modules style: variables.tf, main.tf with `count =
//     var.create ? 1 : 0`, `dynamic` blocks, `merge(var.tags, …)`,
//     `lookup`/`try`, and outputs.tf; each stack calls several of them, some
//     with for_each over a map of objects;
//   - comments everywhere: file headers, section rulers, notes on
//     attributes, commented-out blocks.
//
// About half of what the rules check is compliant.
func GenerateRealistic(dir string, n int) (int, error) {
	g := &realGen{}
	// one shared module of each kind per ten stacks
	stacks := max(1, n/stackResources)
	versions := max(1, stacks/10)
	for v := range versions {
		for _, k := range moduleKinds {
			if err := g.module(filepath.Join(dir, "modules", fmt.Sprintf("%s-v%d", k.name, v)), k); err != nil {
				return 0, err
			}
		}
	}
	envs := []string{"dev", "staging", "prod"}
	for s := 0; g.written < n; s++ {
		env := envs[s%len(envs)]
		stackDir := filepath.Join(dir, "envs", env, fmt.Sprintf("stack-%04d", s))
		if err := g.stack(stackDir, env, s, s%versions, n); err != nil {
			return 0, err
		}
	}
	return g.written, nil
}

// stackResources is about how many resource blocks a stack holds with its
// share of the modules.
const stackResources = 48

type realGen struct {
	written int
	seq     int
}

type moduleKind struct {
	name string
	// body writes the module's resources; good says whether this copy is
	// compliant.
	body func(g *realGen, b *strings.Builder, good bool)
}

var moduleKinds = []moduleKind{
	{"s3-bucket", (*realGen).s3Module},
	{"security-group", (*realGen).sgModule},
	{"rds", (*realGen).rdsModule},
	{"kms-logs", (*realGen).kmsLogsModule},
}

const fileHeader = `# ---------------------------------------------------------------------------
# %s
#
# Managed by the platform team. Changes go through review; see CONTRIBUTING.md.
# ---------------------------------------------------------------------------
`

func (g *realGen) module(dir string, k moduleKind) error {
	good := g.seq%2 == 0
	g.seq++
	vars := `variable "create" {
  description = "Whether to create the resources of this module"
  type        = bool
  default     = true
}

variable "name" {
  description = "Name prefix of every resource"
  type        = string
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}

variable "ingress_rules" {
  description = "Ingress rules: a map of objects (from_port, to_port, protocol, cidr_blocks, description)"
  type = map(object({
    from_port   = number
    to_port     = number
    protocol    = optional(string, "tcp")
    cidr_blocks = list(string)
    description = optional(string)
  }))
  default = {}
}

variable "kms_key_arn" {
  description = "KMS key for encryption at rest (null: the service default)"
  type        = string
  default     = null
}

variable "retention_in_days" {
  description = "How long logs are kept"
  type        = number
  default     = 90
}

variable "settings" {
  description = "Free-form settings, read with lookup()"
  type        = any
  default     = {}
}
`
	var main strings.Builder
	fmt.Fprintf(&main, fileHeader, "module "+filepath.Base(dir))
	main.WriteString(`
locals {
  create = var.create && var.name != ""
  tags = merge(var.tags, {
    "terraform-module" = "` + k.name + `"
    "Name"             = var.name
  })
}
`)
	k.body(g, &main, good)
	outputs := `output "id" {
  description = "The id of the main resource"
  value       = try(aws_security_group.this[0].id, aws_s3_bucket.this[0].id, aws_db_instance.this[0].id, aws_kms_key.this[0].id, null)
}

output "tags" {
  description = "The tags applied"
  value       = local.tags
}
`
	for name, content := range map[string]string{"variables.tf": vars, "main.tf": main.String(), "outputs.tf": outputs} {
		if err := write(filepath.Join(dir, name), content); err != nil {
			return err
		}
	}
	return nil
}

func (g *realGen) res(b *strings.Builder, format string, args ...any) {
	fmt.Fprintf(b, format, args...)
	g.written++
}

func (g *realGen) s3Module(b *strings.Builder, good bool) {
	g.res(b, `
################################################################################
# Bucket
################################################################################

resource "aws_s3_bucket" "this" {
  count = local.create ? 1 : 0

  bucket        = var.name
  force_destroy = lookup(var.settings, "force_destroy", false)

  tags = local.tags
}
`)
	if good {
		g.res(b, `
resource "aws_s3_bucket_versioning" "this" {
  count = local.create ? 1 : 0

  bucket = aws_s3_bucket.this[0].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  count = local.create ? 1 : 0

  bucket                  = aws_s3_bucket.this[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`)
		g.written++
	}
	g.res(b, `
resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  count = local.create && var.kms_key_arn != null ? 1 : 0

  bucket = aws_s3_bucket.this[0].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  count = local.create ? 1 : 0

  bucket = aws_s3_bucket.this[0].id

  dynamic "rule" {
    for_each = try(var.settings.lifecycle_rules, [{ id = "expire", days = 365 }])
    content {
      id     = rule.value.id
      status = "Enabled"
      # objects older than this are removed
      expiration {
        days = try(rule.value.days, 365)
      }
    }
  }
}
`)
	g.written++
}

func (g *realGen) sgModule(b *strings.Builder, good bool) {
	cidr := `["10.0.0.0/8"]`
	if !good {
		cidr = `["0.0.0.0/0"]`
	}
	g.res(b, `
resource "aws_security_group" "this" {
  count = local.create ? 1 : 0

  name_prefix = "${var.name}-"
  description = "Security group of ${var.name}"

  dynamic "ingress" {
    for_each = var.ingress_rules
    content {
      description = try(ingress.value.description, "managed by terraform")
      from_port   = ingress.value.from_port
      to_port     = ingress.value.to_port
      protocol    = ingress.value.protocol
      cidr_blocks = ingress.value.cidr_blocks
    }
  }

  # SSH from the office network
  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = %s
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}
`, cidr)
	g.res(b, `
resource "aws_security_group_rule" "extra" {
  for_each = { for k, v in var.ingress_rules : k => v if v.from_port != 22 }

  type              = "ingress"
  security_group_id = aws_security_group.this[0].id
  from_port         = each.value.from_port
  to_port           = each.value.to_port
  protocol          = each.value.protocol
  cidr_blocks       = each.value.cidr_blocks
  description       = coalesce(each.value.description, "rule ${each.key}")
}
`)
}

func (g *realGen) rdsModule(b *strings.Builder, good bool) {
	g.res(b, `
resource "aws_db_subnet_group" "this" {
  count = local.create ? 1 : 0

  name       = var.name
  subnet_ids = lookup(var.settings, "subnet_ids", [])
  tags       = local.tags
}

resource "aws_db_instance" "this" {
  count = local.create ? 1 : 0

  identifier     = var.name
  engine         = "postgres"
  engine_version = lookup(var.settings, "engine_version", "15.4")
  instance_class = lookup(var.settings, "instance_class", "db.t3.micro")

  allocated_storage     = 20
  max_allocated_storage = 100
  storage_encrypted     = %v
  kms_key_id            = var.kms_key_arn

  db_subnet_group_name    = aws_db_subnet_group.this[0].name
  backup_retention_period = %d
  deletion_protection     = %v
  skip_final_snapshot     = false
  publicly_accessible     = false

  # performance_insights_enabled = true   (enable once the budget allows)

  tags = merge(local.tags, { Backup = "daily" })
}
`, good, pickInt(good, 14, 0), good)
	g.written++
}

func (g *realGen) kmsLogsModule(b *strings.Builder, good bool) {
	g.res(b, `
resource "aws_kms_key" "this" {
  count = local.create ? 1 : 0

  description             = "Key of ${var.name}"
  deletion_window_in_days = 30
  enable_key_rotation     = %v

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::123456789012:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
    ]
  })

  tags = local.tags
}

resource "aws_kms_alias" "this" {
  count = local.create ? 1 : 0

  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this[0].key_id
}

resource "aws_cloudwatch_log_group" "this" {
  count = local.create ? 1 : 0

  name              = "/app/${var.name}"
  retention_in_days = %d
  kms_key_id        = %s
  tags              = local.tags
}
`, good, pickInt(good, 365, 0), pick(good, "aws_kms_key.this[0].arn", "null"))
	g.written += 2
}

// stack writes one root module.
func (g *realGen) stack(dir, env string, s, version, n int) error {
	mod := func(kind string) string {
		return fmt.Sprintf("../../../modules/%s-v%d", kind, version)
	}
	versions := fmt.Sprintf(fileHeader, "versions") + `
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }

  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "` + env + `/stack-` + fmt.Sprint(s) + `.tfstate"
    region = "eu-west-1"
  }
}
`
	providers := `provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Environment = var.environment
      Stack       = "stack-` + fmt.Sprint(s) + `"
    }
  }
}
`
	vars := `variable "region" {
  description = "AWS region"
  type        = string
  default     = "eu-west-1"
}

variable "environment" {
  description = "Environment name"
  type        = string
}

variable "services" {
  description = "The services of this stack, by name"
  type = map(object({
    port     = number
    public   = optional(bool, false)
    replicas = optional(number, 2)
  }))
  default = {
    api    = { port = 8443 }
    web    = { port = 443, public = true }
    worker = { port = 9000, replicas = 4 }
  }
}

variable "tags" {
  description = "Tags of every resource"
  type        = map(string)
  default = {
    Owner      = "platform"
    CostCenter = "1234"
  }
}
`
	tfvars := fmt.Sprintf("environment = %q\n\ntags = {\n  Owner      = \"platform\"\n  CostCenter = \"%04d\"\n}\n", env, s)
	var main strings.Builder
	fmt.Fprintf(&main, fileHeader, fmt.Sprintf("stack %d (%s)", s, env))
	main.WriteString(`
locals {
  name = "acme-${var.environment}-` + fmt.Sprint(s) + `"
  tags = merge(var.tags, {
    Environment = var.environment
    Terraform   = "true"
  })
  public_services = { for k, v in var.services : k => v if v.public }
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

module "buckets" {
  source   = "` + mod("s3-bucket") + `"
  for_each = var.services

  name        = "${local.name}-${each.key}"
  kms_key_arn = module.keys.id
  tags        = merge(local.tags, { Service = each.key })
  settings = {
    force_destroy   = var.environment != "prod"
    lifecycle_rules = [{ id = "expire-${each.key}", days = 30 * each.value.replicas }]
  }
}

module "security" {
  source   = "` + mod("security-group") + `"
  for_each = local.public_services

  name = "${local.name}-${each.key}"
  ingress_rules = {
    https = { from_port = each.value.port, to_port = each.value.port, cidr_blocks = ["0.0.0.0/0"], description = "public ${each.key}" }
  }
  tags = local.tags
}

module "database" {
  source = "` + mod("rds") + `"
  create = var.environment != "dev"

  name        = "${local.name}-db"
  kms_key_arn = module.keys.id
  settings    = { instance_class = var.environment == "prod" ? "db.r6g.large" : "db.t3.micro" }
  tags        = local.tags
}

module "keys" {
  source = "` + mod("kms-logs") + `"

  name              = local.name
  retention_in_days = var.environment == "prod" ? 365 : 30
  tags              = local.tags
}
`)
	var network strings.Builder
	fmt.Fprintf(&network, fileHeader, "network and compute")
	for i := 0; i < stackResources-12 && g.written < n; i++ {
		g.stackResource(&network, i)
	}
	outputs := `output "bucket_ids" {
  description = "Bucket of each service"
  value       = { for k, m in module.buckets : k => m.id }
}

output "account_id" {
  value = data.aws_caller_identity.current.account_id
}
`
	for name, content := range map[string]string{
		"versions.tf": versions, "providers.tf": providers, "variables.tf": vars, "terraform.tfvars": tfvars,
		"main.tf": main.String(), "network.tf": network.String(), "outputs.tf": outputs,
	} {
		if err := write(filepath.Join(dir, name), content); err != nil {
			return err
		}
	}
	return nil
}

// stackResource writes the i-th direct resource of a stack, rotating
// through what the rules read, about half of them compliant.
func (g *realGen) stackResource(b *strings.Builder, i int) {
	g.seq++
	good := g.seq%2 == 0
	name := fmt.Sprintf("r%03d", i)
	switch i % 8 {
	case 0:
		g.res(b, `
resource "aws_instance" "%s" {
  for_each = { for k, v in var.services : k => v if !v.public }

  ami           = "ami-0123456789abcdef0"
  instance_type = each.value.replicas > 2 ? "m6i.large" : "t3.small"
  subnet_id     = "subnet-0123456789abcdef0"

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = %q # IMDSv2
  }

  root_block_device {
    volume_size = 30
    encrypted   = %v
  }

  tags = merge(local.tags, { Name = "${local.name}-${each.key}" })
}
`, name, pick(good, "required", "optional"), good)
	case 1:
		g.res(b, `
resource "aws_ebs_volume" "%s" {
  count = var.environment == "prod" ? 2 : 1

  availability_zone = "${var.region}a"
  size              = 100
  encrypted         = %s
  tags              = local.tags
}
`, name, pick(good, "true", "var.environment == \"prod\""))
	case 2:
		g.res(b, `
resource "aws_sqs_queue" "%s" {
  name                       = "${local.name}-%s"
  visibility_timeout_seconds = 60
  sqs_managed_sse_enabled    = %v
  redrive_policy = jsonencode({
    deadLetterTargetArn = "arn:aws:sqs:eu-west-1:123456789012:dlq"
    maxReceiveCount     = 5
  })
  tags = local.tags
}
`, name, name, good)
	case 3:
		body := fmt.Sprintf("  name = \"${local.name}-%s\"\n  tags = local.tags\n", name)
		if good {
			body = fmt.Sprintf("  name              = \"${local.name}-%s\"\n  kms_master_key_id = module.keys.id\n  tags              = local.tags\n", name)
		}
		g.res(b, `
resource "aws_sns_topic" "%s" {
%s}
`, name, body)
	case 4:
		g.res(b, `
resource "aws_dynamodb_table" "%s" {
  name         = "${local.name}-%s"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = %v
  }

  tags = local.tags
}
`, name, name, good)
	case 5:
		action := `["s3:GetObject", "s3:ListBucket"]`
		if !good {
			action = `"*"`
		}
		g.res(b, `
resource "aws_iam_policy" "%s" {
  name        = "${local.name}-%s"
  description = "Access of the %s workload"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = %s
        Resource = ["arn:aws:s3:::${local.name}-*"]
      },
    ]
  })
}
`, name, name, name, action)
	case 6:
		g.res(b, `
resource "aws_cloudwatch_log_group" "%s" {
  name              = "/stack/${local.name}/%s"
  retention_in_days = %d
}
`, name, name, pickInt(good, 90, 0))
	default:
		g.res(b, `
resource "aws_launch_template" "%s" {
  name_prefix   = "${local.name}-%s-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.medium"

  metadata_options {
    http_tokens = %q
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 50
      encrypted   = %v
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = local.tags
  }
}
`, name, name, pick(good, "required", "optional"), good)
	}
}
