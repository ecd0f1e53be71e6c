variable "ebs_default_encryption" {
  type = bool
}

resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

# No default: the value is not knowable, no finding.
resource "aws_ebs_encryption_by_default" "configurable" {
  enabled = var.ebs_default_encryption
}

resource "aws_ebs_encryption_by_default" "per_region" {
  for_each = toset(["a", "b"])
  enabled  = true
}

#checkov:skip=CKV_AWS_106:sandbox account, volumes hold test data only
resource "aws_ebs_encryption_by_default" "sandbox" {
  enabled = false
}
