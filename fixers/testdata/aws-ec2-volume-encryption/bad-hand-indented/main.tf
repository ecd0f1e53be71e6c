resource "aws_instance" "legacy" {
    ami = "ami-0123456789abcdef0"
    instance_type = "t2.micro"
    root_block_device {
        volume_size = 8
        encrypted = false
    }
    ebs_block_device {
        device_name = "/dev/xvdb"
        volume_size = 50
    }
}

resource "aws_instance" "bare" {
    ami = "ami-0123456789abcdef0"
    instance_type = "t2.micro"
}
