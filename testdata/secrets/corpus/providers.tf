terraform {
  required_version = ">= 1.5"

  backend "s3" {
    bucket     = "acme-tfstate"
    key        = "corpus/terraform.tfstate"
    region     = "us-east-1"
    access_key = "AKIAKTAIPPAT6CVJJEEV"
    secret_key = "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"
  }
}

provider "aws" {
  region     = "us-east-1"
  access_key = "AKIA5TLYHHEUKE4POZVF"
  secret_key = "r25wy0OiW1ZjoKHtAj1f94udnD8O0w2INYBaITfI"
}

# AWS's documented example keys: placeholders, not findings
provider "aws" {
  alias      = "docs"
  region     = "eu-west-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

provider "github" {
  owner = "acme"
  token = "ghp_gmlN9AJ1bXgJHkC3zntqffNdm4MZ32h8vE6v"
}

provider "datadog" {
  api_key = var.datadog_api_key
  app_key = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
}
