# Order events.
resource "aws_sns_topic" "orders" {
  name = "orders" # keep this name
}

resource "aws_sns_topic" "regions" {
  for_each = toset(["eu", "us"])
  name     = "deploys-${each.key}"
}

# An application (not an AWS service) publishes here: the AWS managed key works.
resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_sns_topic_subscription" "orders" {
  topic_arn = aws_sns_topic.orders.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.orders.arn
}
