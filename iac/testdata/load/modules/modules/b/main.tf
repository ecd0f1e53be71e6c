variable "prefix" {
  default = "dflt"
}

resource "aws_s3_bucket" "b" {
  bucket = "${var.prefix}-b"
  path   = path.module
}
