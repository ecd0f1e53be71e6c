resource "aws_instance" "hand" {
    for_each = toset(["a", "b"])
    ami = "ami-0123456789abcdef0"
    instance_type   = "t3.micro"
    tags = {
        Name = "hand-${each.key}"
    }
}
