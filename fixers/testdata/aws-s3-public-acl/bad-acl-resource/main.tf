resource "aws_s3_bucket" "dropbox" {
  bucket = "acme-dropbox"
}

resource "aws_s3_bucket_acl" "dropbox" {
  bucket = aws_s3_bucket.dropbox.id
  acl    = "public-read-write"
}

resource "aws_s3_bucket" "shared" {
  for_each = toset(["a", "b"])
  bucket   = "acme-shared-${each.key}"
}

resource "aws_s3_bucket_acl" "shared" {
  for_each = aws_s3_bucket.shared
  bucket   = each.value.id
  acl      = "authenticated-read"
}
