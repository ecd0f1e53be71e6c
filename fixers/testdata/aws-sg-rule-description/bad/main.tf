resource "aws_security_group" "web" {
  name        = "web"
  description = "web servers"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}

resource "aws_security_group_rule" "db" {
  type              = "ingress"
  security_group_id = aws_security_group.web.id
  description       = ""
  from_port         = 5432
  to_port           = 5432
  protocol          = "tcp"
  cidr_blocks       = ["10.0.1.0/24"]
}
