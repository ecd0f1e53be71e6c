resource "aws_s3_bucket" "data" {
  bucket = "acme-data"

  tags = {
    Name = "acme-data" # shown in the console
    # the environment
    env = "prod"
  }
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  tags     = { "Name" = "orders", "cost-center" = "cc-42" }

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_kms_key" "data" {
  for_each    = toset(["a", "b"])
  description = "data ${each.key}"
  tags        = {}
}
