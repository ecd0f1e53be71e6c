resource "aws_sqs_queue" "legacy" {
    name = "legacy"
    sqs_managed_sse_enabled    =    false
    visibility_timeout_seconds = 60
}

# An empty key is still a configured kms_master_key_id, which conflicts with
# sqs_managed_sse_enabled: reported, not fixed.
resource "aws_sqs_queue" "empty_key" {
    name                    = "empty-key"
    kms_master_key_id       = ""
    sqs_managed_sse_enabled = false
}
