variable "rules" {
  default = [{ port = 443 }]
}

resource "aws_security_group" "sg" {
  name = "web"

  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port = ingress.value.port
      protocol  = "tcp"
    }
  }

  dynamic "egress" {
    for_each = ["0.0.0.0/0"]
    iterator = e
    content {
      cidr_blocks = [e.value]
      description = "fixed"

      dynamic "nested" {
        for_each = e.value
        content {
          x = nested.key
          y = "y"
        }
      }
    }
  }

  tags {
    static = true
  }
}
