variable "encrypted" {
  type = string
}

resource "aws_launch_template" "app" {
  name = "app"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      encrypted   = "true"
      kms_key_id  = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      volume_size = 30
    }
  }

  # Created from a snapshot with encrypted absent: inherits its encryption.
  block_device_mappings {
    device_name = "/dev/xvdb"

    ebs {
      snapshot_id = "snap-0123456789abcdef0"
    }
  }
}

# No default: the value is not knowable, no finding.
resource "aws_launch_template" "unknown" {
  name = "unknown"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      encrypted = var.encrypted
    }
  }
}

resource "aws_launch_configuration" "worker" {
  count         = 2
  image_id      = "ami-0123456789abcdef0"
  instance_type = "c5.large"

  root_block_device {
    encrypted = true
  }

  # Suppresses the AMI's device: no volume is created.
  ebs_block_device {
    device_name = "/dev/sdb"
    no_device   = true
  }
}

#checkov:skip=CKV_AWS_8:build runners, the disks hold only public artifacts
resource "aws_launch_template" "runners" {
  name = "runners"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      encrypted = false
    }
  }
}
