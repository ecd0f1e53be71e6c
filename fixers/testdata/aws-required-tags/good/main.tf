provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      owner = "platform"
    }
  }
}

variable "tags" {
  type = map(string)
}

variable "cost_center" {
  type = string
}

resource "aws_sqs_queue" "tagged" {
  name = "tagged"
  tags = {
    cost-center = "cc-42"
  }
}

# The keys are known even though a value is not.
resource "aws_sns_topic" "per_env" {
  for_each = toset(["dev", "prod"])
  name     = "events-${each.key}"
  tags = {
    owner       = each.key == "prod" ? "sre" : "platform"
    cost-center = var.cost_center
  }
}

# The tags come from a variable driftfix cannot know: no finding.
resource "aws_s3_bucket" "configurable" {
  bucket = "acme-configurable"
  tags   = var.tags
}

# driftfix:ignore:aws-required-tags
resource "aws_cloudwatch_log_group" "scratch" {
  name = "/acme/scratch"
}

module "queue" {
  source      = "./modules/queue"
  cost_center = "cc-7"
}
