resource "aws_security_group" "desktops" {
  name = "desktops"
}

resource "aws_security_group_rule" "public" {
  for_each = {
    rdp   = 3389
    https = 443
  }

  type              = "ingress"
  security_group_id = aws_security_group.desktops.id
  from_port         = each.value
  to_port           = each.value
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_vpc_security_group_ingress_rule" "rdp_v6" {
  security_group_id = aws_security_group.desktops.id
  cidr_ipv6         = "::/0"
  from_port         = 3389
  ip_protocol       = "udp"
  to_port           = 3389
}
