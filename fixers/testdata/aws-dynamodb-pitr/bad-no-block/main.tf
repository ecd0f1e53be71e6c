resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id" # order ID

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_dynamodb_table" "per_tenant" {
  for_each     = toset(["a", "b"])
  name         = "events-${each.key}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}
