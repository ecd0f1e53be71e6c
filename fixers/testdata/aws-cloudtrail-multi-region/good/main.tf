resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "acme-cloudtrail"
  is_multi_region_trail = true
}

variable "all_regions" {}

resource "aws_cloudtrail" "configurable" {
  name                  = "configurable"
  s3_bucket_name        = "acme-cloudtrail"
  is_multi_region_trail = var.all_regions
}

# driftfix:ignore:aws-cloudtrail-multi-region
resource "aws_cloudtrail" "sandbox" {
  name           = "sandbox"
  s3_bucket_name = "acme-sandbox"
}
