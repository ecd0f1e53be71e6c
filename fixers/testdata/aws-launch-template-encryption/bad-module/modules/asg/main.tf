variable "name" {
  type = string
}

resource "aws_launch_template" "this" {
  name_prefix = "${var.name}-"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      encrypted   = "false"
      volume_size = 30
    }
  }
}
