resource "aws_sns_topic" "billing" {
    name              =   "billing"
    kms_master_key_id = ""   # set later
}
