# The versioning configuration names its bucket through a variable: it may be
# this bucket's, so driftfix reports nothing rather than add a second one.
variable "bucket_name" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = var.bucket_name
  versioning_configuration {
    status = "Enabled"
  }
}
