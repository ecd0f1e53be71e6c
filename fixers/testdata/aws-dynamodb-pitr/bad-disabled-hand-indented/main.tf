resource "aws_dynamodb_table" "sessions" {
   name      = "sessions"
   hash_key  = "id"
   billing_mode = "PAY_PER_REQUEST"
   attribute {
      name = "id"
      type = "S"
   }
   point_in_time_recovery {
      enabled = false # costs too much?
   }
}
