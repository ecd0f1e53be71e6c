# Application logs.
resource "aws_cloudwatch_log_group" "app" {
  name = "/acme/app" # keep this name
}

resource "aws_cloudwatch_log_group" "workers" {
  count = 2
  name  = "/acme/worker-${count.index}"
}
