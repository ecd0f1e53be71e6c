variable "key" {
  type = string
}

resource "aws_kms_key" "sns" {
  description         = "SNS topics"
  enable_key_rotation = true
}

resource "aws_sns_topic" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.sns.id
}

resource "aws_sns_topic" "managed" {
  for_each          = toset(["a", "b"])
  name              = "managed-${each.key}"
  kms_master_key_id = "alias/aws/sns"
}

# The value comes from a variable driftfix cannot know: no finding.
resource "aws_sns_topic" "configurable" {
  name              = "configurable"
  kms_master_key_id = var.key
}

# driftfix:ignore:aws-sns-encryption
resource "aws_sns_topic" "chatbot" {
  name = "chatbot"
}
