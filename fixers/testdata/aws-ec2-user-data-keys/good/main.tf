resource "aws_instance" "web" {
  ami                  = "ami-12345678"
  instance_type        = "t3.micro"
  iam_instance_profile = "web"
  user_data            = <<-EOT
    #!/bin/bash
    aws s3 cp s3://acme-config/app.conf /etc/app.conf
  EOT
}
