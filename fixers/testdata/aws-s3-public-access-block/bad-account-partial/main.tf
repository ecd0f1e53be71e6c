# An account block with a setting off does not stand in for bucket blocks.
resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = false
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}
