# Key for application secrets.
resource "aws_kms_key" "secrets" {
  description             = "application secrets"
  deletion_window_in_days = 30
}

resource "aws_kms_key" "tenants" {
  for_each                 = toset(["acme", "globex"])
  description              = "data key for ${each.key}"
  key_usage                = "ENCRYPT_DECRYPT"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
}

# Rotation cannot be turned on while the key is disabled: reported, not fixed.
resource "aws_kms_key" "archived" {
  description = "archived data"
  is_enabled  = false
}
