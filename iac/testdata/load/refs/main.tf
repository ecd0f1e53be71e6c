locals {
  bucket_id = aws_s3_bucket.x.id
}

resource "aws_s3_bucket" "x" {
  bucket = "x-name"
}

resource "aws_s3_bucket" "fe" {
  for_each = toset(["a", "b"])
  bucket   = "fe-${each.key}"
}

resource "aws_s3_bucket" "cnt" {
  count = 2
}

resource "aws_s3_bucket_versioning" "by_id" {
  bucket = aws_s3_bucket.x.id
}

resource "aws_s3_bucket_versioning" "by_bucket" {
  bucket = aws_s3_bucket.x.bucket
}

resource "aws_s3_bucket_versioning" "by_arn" {
  bucket = aws_s3_bucket.x.arn
}

resource "aws_s3_bucket_versioning" "by_key" {
  bucket = aws_s3_bucket.fe["a"].id
}

resource "aws_s3_bucket_versioning" "each" {
  for_each = aws_s3_bucket.fe
  bucket   = each.value.id
}

resource "aws_s3_bucket_versioning" "cnt" {
  count  = length(aws_s3_bucket.cnt)
  bucket = aws_s3_bucket.cnt[count.index].id
}

resource "aws_s3_bucket_versioning" "cnt0" {
  bucket = aws_s3_bucket.cnt[0].id
}

resource "aws_s3_bucket_versioning" "via_local" {
  bucket = local.bucket_id
}

resource "aws_s3_bucket_versioning" "literal" {
  bucket = "x-name"
}

resource "aws_s3_bucket_versioning" "other" {
  bucket = "unrelated"
}

resource "aws_s3_bucket_versioning" "interp" {
  bucket = "${aws_s3_bucket.x.id}"
}
