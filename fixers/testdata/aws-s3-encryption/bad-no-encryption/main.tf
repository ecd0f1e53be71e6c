# Buckets for application logs.
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs" # keep this name
}

resource "aws_s3_bucket" "many" {
  for_each = toset(["a", "b"])
  bucket   = "acme-${each.key}"
}

resource "aws_s3_bucket" "shards" {
  count  = 2
  bucket = "acme-shard-${count.index}"
}
