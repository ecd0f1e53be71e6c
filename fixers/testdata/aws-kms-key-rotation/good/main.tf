resource "aws_kms_key" "secrets" {
  description         = "application secrets"
  enable_key_rotation = true
}

variable "rotate" {}

resource "aws_kms_key" "configurable" {
  description         = "configurable"
  enable_key_rotation = var.rotate
}

# driftfix:ignore:aws-kms-key-rotation
resource "aws_kms_key" "short_lived" {
  description = "short-lived test key"
}

# AWS rotates only symmetric encryption keys held by AWS KMS.
resource "aws_kms_key" "signing" {
  description              = "JWT signing"
  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "ECC_NIST_P256"
}

resource "aws_kms_key" "hmac" {
  description              = "HMAC"
  key_usage                = "GENERATE_VERIFY_MAC"
  customer_master_key_spec = "HMAC_256"
}

resource "aws_kms_key" "rsa" {
  description              = "RSA encryption"
  customer_master_key_spec = "RSA_4096"
}

variable "key_spec" {}

resource "aws_kms_key" "unknown_spec" {
  description              = "spec from a variable"
  customer_master_key_spec = var.key_spec
}

resource "aws_kms_key" "cloudhsm" {
  description         = "key in CloudHSM"
  custom_key_store_id = "cks-1234567890abcdef0"
}
