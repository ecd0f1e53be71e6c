resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket" "many" {
  for_each = toset(["a", "b"])
  bucket   = "acme-${each.key}"
}

# A logging configuration for another bucket does not cover this one.
resource "aws_s3_bucket" "other" {
  bucket = "acme-other"
}

resource "aws_s3_bucket_logging" "other" {
  bucket        = "acme-elsewhere"
  target_bucket = "acme-central-logs"
}
