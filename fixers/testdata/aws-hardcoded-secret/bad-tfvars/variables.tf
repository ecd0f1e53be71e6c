variable "region" {
  type = string
}

variable "db_password" {
  type = string
}

variable "deploy_token" {
  type        = string
  description = "token of the deploy bot"
  default     = "ghp_VlbiNRi7UsE5TsKYXd0cMWLgubiwfk2nn9Bu"
}

variable "datadog" {
  type = object({ api_key = string, site = string })
}

resource "aws_s3_bucket" "state" {
  bucket = "acme-state-${var.region}"
}
