resource "aws_security_group" "web" {
  name = "web"
}

resource "aws_security_group" "db" {
  name        = "db"
  description = "Managed by Terraform"
}
