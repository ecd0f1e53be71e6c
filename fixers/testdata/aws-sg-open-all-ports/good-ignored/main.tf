# A honeypot: it is meant to be reachable on every port.
# driftfix:ignore:aws-sg-open-all-ports
resource "aws_security_group" "honeypot" {
  name = "honeypot"

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

#checkov:skip=CKV_AWS_277:honeypot
resource "aws_vpc_security_group_ingress_rule" "honeypot_v6" {
  security_group_id = aws_security_group.honeypot.id
  cidr_ipv6         = "::/0"
  ip_protocol       = "-1"
}
