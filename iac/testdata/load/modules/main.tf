locals {
  env = "prod"
}

module "a" {
  source = "./modules/a"
  name   = "root-${local.env}"
}

module "a2" {
  source = "./modules/a"
  name   = "second"
}

module "remote" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "4.0.0"
}

module "missing" {
  source = "./modules/nope"
}

resource "aws_s3_bucket" "root" {
  bucket = module.a.name
}
