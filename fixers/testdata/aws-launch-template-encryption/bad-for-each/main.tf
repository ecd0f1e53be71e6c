resource "aws_launch_template" "pools" {
  for_each    = toset(["spot", "ondemand"])
  name_prefix = "${each.key}-"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size = 40
    }
  }
}

resource "aws_launch_template" "batch" {
  count       = 2
  name_prefix = "batch-${count.index}-"

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted = false
    }
  }
}
