# EBS encryption by default is on in this region: every new volume is
# encrypted whatever an absent encrypted would otherwise mean.
resource "aws_ebs_encryption_by_default" "this" {}

resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 10
  }
}
