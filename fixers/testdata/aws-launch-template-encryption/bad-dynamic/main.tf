variable "disks" {
  type = map(number)
  default = {
    "/dev/xvdb" = 100
  }
}

# The mappings come from a dynamic block: reported, not rewritten.
resource "aws_launch_template" "dynamic" {
  name = "dynamic"

  dynamic "block_device_mappings" {
    for_each = var.disks
    content {
      device_name = block_device_mappings.key

      ebs {
        encrypted   = false
        volume_size = block_device_mappings.value
      }
    }
  }
}
