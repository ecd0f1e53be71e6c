terraform {
  backend "s3" {
    bucket     = "acme-tfstate"
    key        = "prod/terraform.tfstate"
    region     = "us-east-1"
    access_key = "AKIAF72B3WDNCXLNXXSU"
    secret_key = "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"
  }
}

# the deploy user's keys
provider "aws" {
  region     = "us-east-1"
  access_key = "AKIASFBT3YWIMR4AO5BG"
  secret_key = "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" # rotate me
}

provider "aws" {
  alias  = "dr"
  region = "us-west-2"

  access_key = "AKIAF6L64KLLUMHFG3CR"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}
