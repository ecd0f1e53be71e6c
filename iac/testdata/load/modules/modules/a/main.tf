variable "name" {}

module "b" {
  source = "../b"
  prefix = var.name
}

resource "aws_s3_bucket" "a" {
  bucket = var.name
}

output "name" {
  value = aws_s3_bucket.a.bucket
}
