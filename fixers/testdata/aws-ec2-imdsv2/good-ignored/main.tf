# Runs a vendor agent that only speaks IMDSv1.
#tfsec:ignore:aws-ec2-enforce-http-token-imds
resource "aws_instance" "vendor" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}

resource "aws_instance" "vendor_b" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "optional" # driftfix:ignore:aws-ec2-imdsv2:exp:2099-06-30
  }
}
