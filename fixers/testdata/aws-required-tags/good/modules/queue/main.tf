variable "cost_center" {
  type = string
}

# owner comes from the root module's default_tags.
resource "aws_sqs_queue" "this" {
  name = "child"
  tags = { cost-center = var.cost_center }
}
