locals {
  env    = "prod"
  prefix = "${local.env}-app"
  name   = upper(local.prefix)
  tags   = merge(local.common, { Name = local.name })
  common = { Env = local.env }

  ping = local.pong
  pong = local.ping
  me   = local.me

  uses_cycle = "x-${local.ping}"
  from_var   = var.region
}

variable "region" {}

resource "aws_s3_bucket" "b" {
  bucket     = local.name
  tags       = local.tags
  ping       = local.ping
  me         = local.me
  uses_cycle = local.uses_cycle
  from_var   = local.from_var
  missing    = local.missing
}
