variable "pitr" {
  type = bool
}

variable "tables" {
  type    = map(bool)
  default = { a = true }
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }
}

# The value comes from a variable driftfix cannot know: no finding.
resource "aws_dynamodb_table" "configurable" {
  name     = "configurable"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.pitr
  }
}

# A dynamic block: whether it is generated is not static.
resource "aws_dynamodb_table" "dynamic" {
  for_each = var.tables
  name     = "dynamic-${each.key}"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  dynamic "point_in_time_recovery" {
    for_each = each.value ? [1] : []
    content {
      enabled = true
    }
  }
}

# driftfix:ignore:aws-dynamodb-pitr
resource "aws_dynamodb_table" "cache" {
  name     = "cache"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }
}
