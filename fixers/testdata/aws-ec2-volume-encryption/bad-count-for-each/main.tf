resource "aws_instance" "workers" {
  count         = 2
  ami           = "ami-0123456789abcdef0"
  instance_type = "c5.large"

  root_block_device {
    encrypted = false
  }
}

resource "aws_instance" "tenants" {
  for_each      = toset(["blue", "green"])
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"

  tags = {
    Tenant = each.key
  }
}
