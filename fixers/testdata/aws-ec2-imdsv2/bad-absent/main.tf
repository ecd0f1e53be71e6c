resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro" # smallest that fits

  root_block_device {
    encrypted = true
  }
}

resource "aws_instance" "workers" {
  count         = 2
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
}
