variable "office_cidr" {
  type = string
}

variable "rdp_protocol" {
  type = string
}

resource "aws_security_group" "windows" {
  name = "windows"

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["192.0.2.0/24"]
  }

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = [var.office_cidr]
  }

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = var.rdp_protocol
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 3390
    to_port     = 4000
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "office" {
  security_group_id = aws_security_group.windows.id
  cidr_ipv4         = var.office_cidr
  from_port         = 3389
  ip_protocol       = "tcp"
  to_port           = 3389
}

resource "aws_security_group_rule" "office_v6" {
  type              = "ingress"
  security_group_id = aws_security_group.windows.id
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["2001:db8::/32"]
}
