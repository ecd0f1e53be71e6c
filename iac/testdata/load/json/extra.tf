resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id
}
