# Turned off while a vendor AMI without KMS support was tested.
resource "aws_ebs_encryption_by_default" "this" {
  enabled = false # re-enable when done
}
