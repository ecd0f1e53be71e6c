variable "retention" {
  type = number
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/acme/app"
  retention_in_days = 30
}

# The value comes from a variable driftfix cannot know: no finding.
resource "aws_cloudwatch_log_group" "configurable" {
  name              = "/acme/configurable"
  retention_in_days = var.retention
}

# driftfix:ignore:aws-cloudwatch-log-retention
resource "aws_cloudwatch_log_group" "archive" {
  name = "/acme/compliance-archive"
}

resource "aws_cloudwatch_log_group" "per_env" {
  for_each          = toset(["dev", "prod"])
  name              = "/acme/${each.key}"
  retention_in_days = each.key == "prod" ? 731 : 14
}
