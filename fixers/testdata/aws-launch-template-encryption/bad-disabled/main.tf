resource "aws_launch_template" "api" {
  name = "api"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      encrypted   = "false" # the provider's schema takes a string
      volume_size = 20
    }
  }

  block_device_mappings {
    device_name = "/dev/xvdb"

    ebs {
      encrypted   = false
      volume_size = 100
    }
  }
}

resource "aws_launch_configuration" "worker" {
  image_id      = "ami-0123456789abcdef0"
  instance_type = "c5.large"

  root_block_device {
    encrypted = false
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    encrypted   = false
  }
}
