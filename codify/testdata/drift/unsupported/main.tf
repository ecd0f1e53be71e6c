resource "aws_s3_bucket" "counted" {
  count  = 2
  bucket = "unsupported-${count.index}"
  tags   = { env = "dev" }
}

resource "aws_s3_bucket" "keyed" {
  for_each = toset(["a", "b"])
  bucket   = "unsupported-${each.key}"
  tags     = { env = "dev" }
}

module "store" {
  source = "./modules/store"
}

module "many" {
  source   = "./modules/many"
  for_each = toset(["x"])
}
