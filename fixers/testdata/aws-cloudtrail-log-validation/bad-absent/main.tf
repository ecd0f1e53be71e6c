resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "acme-cloudtrail"
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "teams" {
  for_each       = toset(["payments", "search"])
  name           = "trail-${each.key}"
  s3_bucket_name = "acme-cloudtrail-${each.key}" # one bucket per team
}
