module "d" {
  source = "../d"
}

module "self" {
  source = "./"
}

resource "aws_s3_bucket" "c" {}
