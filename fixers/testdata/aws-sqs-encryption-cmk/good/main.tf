resource "aws_kms_key" "sqs" {
  enable_key_rotation = true
}

resource "aws_sqs_queue" "jobs" {
  name              = "jobs"
  kms_master_key_id = aws_kms_key.sqs.arn
}
