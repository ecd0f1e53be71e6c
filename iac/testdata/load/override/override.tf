locals {
  name = "overridden"
}

resource "aws_s3_bucket" "b" {
  acl = "private"
}
