resource "aws_security_group" "open" {
  count = 2
  name  = "open-${count.index}"
}

resource "aws_security_group_rule" "all" {
  count             = 2
  type              = "ingress"
  security_group_id = aws_security_group.open[count.index].id
  from_port         = 0
  to_port           = 0
  protocol          = "all"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_vpc_security_group_ingress_rule" "all_v6" {
  security_group_id = aws_security_group.open[0].id
  cidr_ipv6         = "::/0"
  ip_protocol       = -1
}
