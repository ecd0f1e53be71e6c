resource "aws_security_group" "jump" {
    for_each = toset(["eu", "us"])
    name     = "jump-${each.key}"
    ingress {
        from_port = 0
        to_port = 65535
        protocol = "TCP"
        cidr_blocks = ["0.0.0.0/0"]
    }
}
