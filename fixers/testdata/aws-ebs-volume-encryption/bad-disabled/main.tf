resource "aws_ebs_volume" "logs" {
  availability_zone = "eu-west-1a"
  size              = 50
  encrypted         = false # TODO: turn on after the migration
}

# Restored from a snapshot with encryption explicitly off: encrypted = true
# makes AWS encrypt the new volume even when the snapshot is not.
resource "aws_ebs_volume" "restored" {
  count             = 2
  availability_zone = "eu-west-1a"
  snapshot_id       = "snap-0123456789abcdef0"
  encrypted         = "false"
}
