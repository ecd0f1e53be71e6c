# AWS services publish to these topics through their service principals,
# which cannot use the AWS managed key: reported, not fixed.
resource "aws_sns_topic" "alarms" {
  name = "alarms"
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "cpu-high"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 60
  statistic           = "Average"
  threshold           = 80
  alarm_actions       = [aws_sns_topic.alarms.arn]
}

resource "aws_sns_topic" "uploads" {
  name = "uploads"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  topic {
    topic_arn = aws_sns_topic.uploads.arn
    events    = ["s3:ObjectCreated:*"]
  }
}
