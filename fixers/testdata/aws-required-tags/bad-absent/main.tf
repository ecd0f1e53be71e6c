# Order events.
resource "aws_sns_topic" "orders" {
  name = "orders" # keep this name
}

resource "aws_sqs_queue" "workers" {
  count = 2
  name  = "worker-${count.index}"
}

# Not taggable: never reported.
resource "aws_s3_bucket_versioning" "data" {
  bucket = "acme-data"
  versioning_configuration {
    status = "Enabled"
  }
}
