variable "name" {
  type = string
}

resource "aws_instance" "this" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  root_block_device {
    encrypted = false
  }

  tags = {
    Name = var.name
  }
}
