# driftfix:ignore:aws-cloudtrail-log-validation:exp:2020-01-01
resource "aws_cloudtrail" "audit" {
  name = "audit"
  s3_bucket_name = "acme-audit"
  enable_log_file_validation = false
  event_selector {
    read_write_type = "All"
  }
}

resource "aws_cloudtrail" "region" {
    count = 2
    name = "region-${count.index}"
    s3_bucket_name = "acme-region"
}
