variable "unknown_set" {
  type = set(string)
}

variable "unknown_n" {
  type = number
}

resource "aws_s3_bucket" "set" {
  for_each = toset(["a", "b"])
  bucket   = "set-${each.key}"
}

resource "aws_s3_bucket" "map" {
  for_each = { x = "one", y = "two" }
  bucket   = each.value
  key      = each.key
}

resource "aws_s3_bucket" "count" {
  count  = 2
  bucket = "count-${count.index}"
}

resource "aws_s3_bucket" "strcount" {
  count = "1"
}

resource "aws_s3_bucket" "zero" {
  count = 0
}

resource "aws_s3_bucket" "unknown_fe" {
  for_each = var.unknown_set
  bucket   = each.key
}

resource "aws_s3_bucket" "unknown_count" {
  count  = var.unknown_n
  bucket = "c-${count.index}"
}

resource "aws_s3_bucket" "partial" {
  for_each = { k = var.unknown_n }
  bucket   = each.key
  n        = each.value
}

resource "aws_s3_bucket" "numset" {
  for_each = toset([1, 2])
}

resource "aws_s3_bucket_versioning" "chained" {
  for_each = aws_s3_bucket.set
  bucket   = each.value.id
  key      = each.key
}

resource "aws_s3_bucket_acl" "counted" {
  count  = length(aws_s3_bucket.count)
  bucket = aws_s3_bucket.count[count.index].id
}

resource "aws_s3_bucket_policy" "cyc_a" {
  count = length(aws_s3_bucket_policy.cyc_b)
}

resource "aws_s3_bucket_policy" "cyc_b" {
  count = length(aws_s3_bucket_policy.cyc_a)
}
