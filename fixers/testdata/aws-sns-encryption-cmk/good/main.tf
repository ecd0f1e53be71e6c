resource "aws_sns_topic" "events" {
  name              = "events"
  kms_master_key_id = "alias/events"
}
