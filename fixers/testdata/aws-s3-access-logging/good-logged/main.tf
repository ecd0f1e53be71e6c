# The log bucket itself: the target of the other buckets' logs.
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "data/"
}

resource "aws_s3_bucket" "many" {
  for_each = toset(["a", "b"])
  bucket   = "acme-${each.key}"
}

resource "aws_s3_bucket_logging" "many" {
  for_each      = aws_s3_bucket.many
  bucket        = each.value.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "${each.key}/"
}

# Legacy inline logging, to a log bucket named literally.
resource "aws_s3_bucket" "old" {
  bucket = "acme-old"
  logging {
    target_bucket = "acme-old-logs"
  }
}

resource "aws_s3_bucket" "old_logs" {
  bucket = "acme-old-logs"
}

# Refers to the bucket by its literal name.
resource "aws_s3_bucket" "named" {
  bucket = "acme-named"
}

resource "aws_s3_bucket_logging" "named" {
  bucket        = "acme-named"
  target_bucket = "acme-logs"
}

# A log bucket by its ACL: the S3 log delivery group writes to it.
resource "aws_s3_bucket" "delivery" {
  bucket = "acme-delivery"
}

resource "aws_s3_bucket_acl" "delivery" {
  bucket = aws_s3_bucket.delivery.id
  acl    = "log-delivery-write"
}

#trivy:ignore:AVD-AWS-0089
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

#tfsec:ignore:aws-s3-enable-bucket-logging
resource "aws_s3_bucket" "tmp" {
  bucket = "acme-tmp"
}
