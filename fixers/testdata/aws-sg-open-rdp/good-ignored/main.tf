# A lab desktop, torn down nightly.
#tfsec:ignore:aws-ec2-no-public-ingress-sgr:exp:2099-01-01
resource "aws_security_group_rule" "lab" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group" "lab" {
  name = "lab"

  ingress {
    from_port = 3389
    to_port   = 3389
    protocol  = "tcp"
    # driftfix:ignore:aws-sg-open-rdp:exp:2099-12-31
    cidr_blocks = ["0.0.0.0/0"]
  }
}
