locals {
  name = "base"
}

resource "aws_s3_bucket" "b" {
  bucket = local.name
  acl    = "public-read"
}
