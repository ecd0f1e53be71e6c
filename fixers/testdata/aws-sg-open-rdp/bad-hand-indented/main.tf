resource "aws_vpc_security_group_ingress_rule" "remote" {
  security_group_id   =   "sg-0123456789abcdef0"
      cidr_ipv4 = "0.0.0.0/0"
  from_port   = 3000
  to_port = 4000
  ip_protocol = "tcp"
}
