resource "aws_s3_bucket" "many" {
  for_each = toset(["a", "b"])
  bucket   = "acme-${each.key}"
}

resource "aws_s3_bucket_versioning" "many" {
  for_each = aws_s3_bucket.many
  bucket   = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}
