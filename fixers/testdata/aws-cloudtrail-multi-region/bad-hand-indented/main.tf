# driftfix:ignore:aws-cloudtrail-multi-region:exp:2020-01-01
resource "aws_cloudtrail" "audit" {
  name = "audit"
  s3_bucket_name = "acme-audit"
  is_multi_region_trail = false # eu-west-1 only, for now
}

resource "aws_cloudtrail" "region" {
    count = 2
    name = "region-${count.index}"
    s3_bucket_name = "acme-region"
    is_multi_region_trail = "false"
}
