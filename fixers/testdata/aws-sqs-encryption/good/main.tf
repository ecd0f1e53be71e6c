variable "sse" {
  type = bool
}

# Absent: SQS encrypts new queues with SSE-SQS by default.
resource "aws_sqs_queue" "default" {
  name = "default"
}

resource "aws_sqs_queue" "managed" {
  name                    = "managed"
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue" "kms" {
  for_each          = toset(["a", "b"])
  name              = "kms-${each.key}"
  kms_master_key_id = "alias/queues"
}

# The value comes from a variable driftfix cannot know: no finding.
resource "aws_sqs_queue" "configurable" {
  name                    = "configurable"
  sqs_managed_sse_enabled = var.sse
}

# driftfix:ignore:aws-sqs-encryption
resource "aws_sqs_queue" "public_events" {
  name                    = "public-events"
  sqs_managed_sse_enabled = false
}
