resource "aws_s3_bucket" "data" {
    bucket = "acme-data"
}

# Refers to the bucket by its literal name.
resource "aws_s3_bucket_public_access_block" "data" {
    bucket = "acme-data"
    block_public_acls   = false   # was off for a migration
    block_public_policy = true
    ignore_public_acls = true
}

resource "aws_s3_bucket" "empty" {
    bucket = "acme-empty"
}

resource "aws_s3_bucket_public_access_block" "empty" {
    bucket = aws_s3_bucket.empty.id
}
