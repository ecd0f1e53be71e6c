resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
  acl    = "private"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_s3_bucket_acl" "logs" {
  bucket = aws_s3_bucket.logs.id
  acl    = "log-delivery-write"
}

variable "acl" {
  type = string
}

resource "aws_s3_bucket" "tunable" {
  bucket = "acme-tunable"
}

resource "aws_s3_bucket_acl" "tunable" {
  bucket = aws_s3_bucket.tunable.id
  acl    = var.acl
}

#trivy:ignore:AVD-AWS-0092
resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
  acl    = "public-read"
}

resource "aws_s3_bucket" "downloads" {
  bucket = "acme-downloads"
}

resource "aws_s3_bucket_acl" "downloads" {
  bucket = aws_s3_bucket.downloads.id
  acl    = "public-read" # driftfix:ignore:aws-s3-public-acl
}
