resource "aws_vpc" "main" {
  for_each   = toset(["a", "b"])
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  for_each             = aws_vpc.main
  vpc_id               = each.value.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::acme-flow-logs"
}
