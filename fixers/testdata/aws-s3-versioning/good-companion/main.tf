resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.bucket
  versioning_configuration {
    status = "Enabled"
  }
}

# driftfix:ignore:aws-s3-versioning
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

variable "status" {}

resource "aws_s3_bucket" "unknown" {
  bucket = "acme-unknown"
}

resource "aws_s3_bucket_versioning" "unknown" {
  bucket = "acme-unknown"
  versioning_configuration {
    status = var.status
  }
}
