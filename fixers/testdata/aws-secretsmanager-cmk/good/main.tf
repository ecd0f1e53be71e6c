resource "aws_secretsmanager_secret" "db" {
  name       = "db"
  kms_key_id = "alias/secrets"
}
