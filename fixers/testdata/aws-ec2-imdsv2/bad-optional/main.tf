resource "aws_instance" "legacy_app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "optional" # the old SDK needs IMDSv1
  }
}

resource "aws_instance" "partial" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  metadata_options {
    http_endpoint               = "enabled"
    http_put_response_hop_limit = 2
  }
}

resource "aws_instance" "one_line" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  metadata_options { http_put_response_hop_limit = 1 }
}
