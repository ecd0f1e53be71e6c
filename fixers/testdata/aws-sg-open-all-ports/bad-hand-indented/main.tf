resource "aws_security_group" "legacy" {
name = "legacy"
ingress {
from_port = 0
to_port = 0
protocol = -1
cidr_blocks = ["10.0.0.0/8","0.0.0.0/0"]
}
}
