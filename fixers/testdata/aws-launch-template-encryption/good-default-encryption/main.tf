# EBS encryption by default is on: volumes launched from the template are
# encrypted even though it does not say so.
resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_launch_template" "app" {
  name = "app"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size = 30
    }
  }
}
