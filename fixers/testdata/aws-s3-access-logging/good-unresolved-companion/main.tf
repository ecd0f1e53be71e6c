# The logging configuration names its bucket through a module output: it may
# be this bucket's, so driftfix reports nothing.
module "names" {
  source = "./names"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = module.names.data
  target_bucket = module.names.logs
}
