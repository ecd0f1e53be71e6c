# No block_device_mappings: instances get the AMI's mappings, whose
# snapshots decide their encryption.
resource "aws_launch_template" "plain" {
  name_prefix   = "plain-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}
