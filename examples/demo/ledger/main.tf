# Built-in resources only: this plans and applies with no provider download.
terraform {
  required_version = ">= 1.5.0"

  # the state's path comes from the project's backend_config (driftfix.hcl)
  # or defaults to terraform.tfstate next to this file
  backend "local" {}
}

variable "release" {
  type    = string
  default = "2026.11.1"
}

resource "terraform_data" "release" {
  input = var.release
}

resource "terraform_data" "schema" {
  input = { version = 7 }
}
