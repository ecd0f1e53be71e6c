variable "name" {
  default = "logs"
}

variable "port" {
  type    = number
  default = "8080"
}

variable "tags" {
  type    = map(string)
  default = { team = 1 }
}

variable "names" {
  type    = set(string)
  default = ["b", "a", "a"]
}

variable "required" {
  type = string
}

variable "untyped_required" {}

variable "from_tfvars" {
  default = "default"
}

variable "only_tfvars" {}

variable "json_tfvars" {
  default = "default"
}

variable "settings" {
  type = object({
    name    = string
    enabled = optional(bool, true)
  })
  default = { name = "s" }
}

variable "bad" {
  type    = number
  default = "not a number"
}

variable "nothing" {
  default = null
}

resource "aws_s3_bucket" "b" {
  bucket      = var.name
  port        = var.port
  tags        = var.tags
  names       = var.names
  required    = var.required
  untyped     = var.untyped_required
  from_tfvars = var.from_tfvars
  only        = var.only_tfvars
  json        = var.json_tfvars
  enabled     = var.settings.enabled
  bad         = var.bad
  nothing     = var.nothing
  undeclared  = var.undeclared
}
