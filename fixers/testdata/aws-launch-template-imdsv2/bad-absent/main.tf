resource "aws_launch_template" "web" {
  name_prefix   = "web-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  tag_specifications {
    resource_type = "instance"
    tags = {
      Name = "web"
    }
  }
}

resource "aws_launch_template" "pools" {
  for_each      = toset(["blue", "green"])
  name_prefix   = "pool-${each.key}-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.small"
}
