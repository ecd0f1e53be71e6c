locals {
  common = { team = "payments" }
}

variable "extra_tags" {
  type    = map(string)
  default = {}
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  tags = merge(local.common, { Name = "jobs" })
}

resource "aws_sns_topic" "jobs" {
  name = "jobs"
  tags = var.extra_tags
}
