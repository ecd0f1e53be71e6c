module "c" {
  source = "./modules/c"
}

resource "aws_s3_bucket" "root" {}
