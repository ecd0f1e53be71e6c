# A public SFTP endpoint: port 22 is meant to be reachable from anywhere.
#tfsec:ignore:aws-ec2-no-public-ingress-sgr
resource "aws_security_group" "sftp" {
  name = "sftp"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "sftp_v6" {
  type              = "ingress"
  security_group_id = aws_security_group.sftp.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"] # driftfix:ignore:aws-sg-open-ssh
}

#checkov:skip=CKV_AWS_24:public SFTP
resource "aws_vpc_security_group_ingress_rule" "sftp_v4" {
  security_group_id = aws_security_group.sftp.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 22
  ip_protocol       = "tcp"
  to_port           = 22
}
