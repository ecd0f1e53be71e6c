resource "aws_s3_bucket_versioning" "this" {
  bucket = "unsupported-store"
  versioning_configuration {
    status = "Enabled"
  }
}
