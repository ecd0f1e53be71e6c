resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "many" {
  for_each = toset(["a", "b"])
  bucket   = "acme-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "many" {
  for_each                = aws_s3_bucket.many
  bucket                  = each.value.bucket
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

variable "strict" {
  type = bool
}

resource "aws_s3_bucket" "tunable" {
  bucket = "acme-tunable"
}

resource "aws_s3_bucket_public_access_block" "tunable" {
  bucket                  = "acme-tunable"
  block_public_acls       = true
  block_public_policy     = var.strict
  ignore_public_acls      = true
  restrict_public_buckets = var.strict
}

#trivy:ignore:AVD-AWS-0094
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

resource "aws_s3_bucket" "cdn" {
  bucket = "acme-cdn"
}

resource "aws_s3_bucket_public_access_block" "cdn" {
  bucket = aws_s3_bucket.cdn.id
  block_public_acls       = true
  #checkov:skip=CKV_AWS_54:CloudFront reads through a bucket policy
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}
