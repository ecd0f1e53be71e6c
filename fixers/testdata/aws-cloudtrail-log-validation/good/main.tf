resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-cloudtrail"
  enable_log_file_validation = true
}

variable "validate" {}

resource "aws_cloudtrail" "configurable" {
  name                       = "configurable"
  s3_bucket_name             = "acme-cloudtrail"
  enable_log_file_validation = var.validate
}

# driftfix:ignore:aws-cloudtrail-log-validation
resource "aws_cloudtrail" "sandbox" {
  name           = "sandbox"
  s3_bucket_name = "acme-sandbox"
}
