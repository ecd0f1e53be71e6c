resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

# Refers to the bucket by its literal name.
resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = "acme-data"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "" # TODO pick one
    }
  }
}

resource "aws_s3_bucket" "keyed" {
  bucket = "acme-keyed"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "keyed" {
  bucket = aws_s3_bucket.keyed.id

  rule {
    apply_server_side_encryption_by_default {
      kms_master_key_id = "alias/acme"
      sse_algorithm     = "kms"
    }
  }
}
