provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      cost-center = "cc-42"
    }
  }
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

# cost-center comes from the provider's default_tags; owner is missing.
resource "aws_sqs_queue" "eu" {
  name = "eu"
}

# The aliased provider has no default_tags.
resource "aws_sqs_queue" "us" {
  provider = aws.us
  name     = "us"
  tags = {
    owner = "platform"
  }
}

module "queue" {
  source = "./modules/queue"
  name   = "child"
}
