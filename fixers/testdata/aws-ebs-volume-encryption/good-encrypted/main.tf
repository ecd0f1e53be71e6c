variable "encrypted" {
  type = bool
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

# No default: the value is not knowable, no finding.
resource "aws_ebs_volume" "unknown" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = var.encrypted
}

# Created from a snapshot with encrypted absent: inherits the snapshot's
# encryption.
resource "aws_ebs_volume" "restored" {
  availability_zone = "eu-west-1a"
  snapshot_id       = "snap-0123456789abcdef0"
}

resource "aws_ebs_volume" "pool" {
  count             = 3
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = true
}

#checkov:skip=CKV_AWS_3:throwaway volume for a benchmark
resource "aws_ebs_volume" "bench" {
  availability_zone = "eu-west-1a"
  size              = 10
}
