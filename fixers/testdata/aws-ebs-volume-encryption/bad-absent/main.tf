resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100

  tags = {
    Name = "data"
  }
}

resource "aws_ebs_volume" "scratch" {
  for_each          = toset(["eu-west-1a", "eu-west-1b"])
  availability_zone = each.key
  size              = 20
}
