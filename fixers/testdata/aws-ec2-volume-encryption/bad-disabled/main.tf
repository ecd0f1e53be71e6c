resource "aws_instance" "db" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "r5.large"

  root_block_device {
    encrypted   = false # legacy AMI
    volume_type = "gp3"
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    encrypted   = false
    volume_size = 200
  }

  # Restored from a snapshot: the snapshot decides, and the provider does
  # not accept encrypted together with snapshot_id.
  ebs_block_device {
    device_name = "/dev/sdg"
    snapshot_id = "snap-0123456789abcdef0"
    encrypted   = false
  }

  # Restored from a snapshot, encrypted absent: inherits the snapshot's
  # encryption, no finding.
  ebs_block_device {
    device_name = "/dev/sdh"
    snapshot_id = "snap-0fedcba9876543210"
  }
}
