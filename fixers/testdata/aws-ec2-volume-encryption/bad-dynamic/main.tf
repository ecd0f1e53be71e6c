variable "data_disks" {
  type = map(number)
  default = {
    "/dev/sdf" = 100
  }
}

# The data disks come from a dynamic block: reported, not rewritten.
resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "m5.large"

  root_block_device {
    encrypted = true
  }

  dynamic "ebs_block_device" {
    for_each = var.data_disks
    content {
      device_name = ebs_block_device.key
      volume_size = ebs_block_device.value
    }
  }
}
