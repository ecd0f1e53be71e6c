resource "aws_s3_bucket" "old" {
    bucket = "acme-old"
    server_side_encryption_configuration {
        rule {
            apply_server_side_encryption_by_default {
                sse_algorithm = "aes256"
            }
        }
    }
}

resource "aws_s3_bucket" "plain" {
    bucket    = "acme-plain"
    force_destroy = true
}
