resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = false # turned off for the load test
}

resource "aws_sqs_queue" "shards" {
  count                   = 2
  name                    = "shard-${count.index}"
  sqs_managed_sse_enabled = false
}
