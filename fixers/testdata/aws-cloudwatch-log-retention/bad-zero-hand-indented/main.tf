resource "aws_cloudwatch_log_group" "audit" {
    name  =  "/acme/audit"
    retention_in_days   = 0   # 0 means never expire
    kms_key_id = "alias/logs"
}
