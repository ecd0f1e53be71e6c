module "c" {
  source = "../c"
}

resource "aws_s3_bucket" "d" {}
