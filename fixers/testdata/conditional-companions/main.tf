locals {
  enabled = var.create
}

resource "aws_s3_bucket" "this" {
  count = local.enabled ? 1 : 0

  bucket = var.name
}

resource "aws_s3_bucket_versioning" "this" {
  count = local.enabled && length(keys(var.versioning)) > 0 ? 1 : 0

  bucket = aws_s3_bucket.this[0].id

  versioning_configuration {
    status = try(var.versioning["status"], "Enabled")
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = local.enabled && length(var.encryption_rules) > 0 ? { main = var.encryption_rules } : {}

  bucket = aws_s3_bucket.this[0].id

  dynamic "rule" {
    for_each = each.value
    content {
      apply_server_side_encryption_by_default {
        sse_algorithm = rule.value.algorithm
      }
    }
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  count = local.enabled && var.block_public_access ? 1 : 0

  bucket                  = aws_s3_bucket.this[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_logging" "this" {
  count = local.enabled && try(var.logging.target_bucket, null) != null ? 1 : 0

  bucket        = aws_s3_bucket.this[0].id
  target_bucket = var.logging.target_bucket
  target_prefix = try(var.logging.target_prefix, null)
}

# A bucket without companions: fixed as usual.
resource "aws_s3_bucket" "extra" {
  bucket = "${var.name}-extra"
}

resource "aws_s3_bucket_logging" "extra" {
  bucket        = aws_s3_bucket.extra.id
  target_bucket = aws_s3_bucket.this[0].id
}

# Taken names: a new companion of aws_s3_bucket.extra must not reuse them.
resource "aws_s3_bucket_versioning" "extra" {
  count = 0

  bucket = "somewhere-else"

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "archive" {
  bucket = "${var.name}-archive"
}

resource "aws_s3_bucket_versioning" "archive" {
  count = var.archive_versioned ? 1 : 0

  bucket = aws_s3_bucket.archive.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "archive" {
  bucket = aws_s3_bucket.archive.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "archive" {
  bucket                  = aws_s3_bucket.archive.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_logging" "archive" {
  bucket        = aws_s3_bucket.archive.id
  target_bucket = aws_s3_bucket.this[0].id
}
