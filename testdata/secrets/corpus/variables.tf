variable "region" {
  type    = string
  default = "us-east-1"
}

variable "db_password" {
  type      = string
  sensitive = true
}

variable "deploy_token" {
  type        = string
  description = "token of the deploy bot"
  default     = "ghp_59cv7Ms15oRjsFRygfyHNMAL5SVrT4QtWZVG"
}

variable "placeholder_password" {
  type    = string
  default = "REPLACE_WITH_REAL_PASSWORD"
}

variable "datadog_api_key" {
  type = string

  validation {
    condition     = length(var.datadog_api_key) > 0
    error_message = "Set the Datadog password: see the runbook."
  }
}

variable "github_token" {
  type      = string
  sensitive = true
}
