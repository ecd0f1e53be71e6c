resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "teams" {
  for_each       = toset(["payments", "search"])
  name           = "trail-${each.key}"
  s3_bucket_name = "acme-cloudtrail-${each.key}"

  event_selector {
    read_write_type           = "WriteOnly"
    include_management_events = true
  }
}
