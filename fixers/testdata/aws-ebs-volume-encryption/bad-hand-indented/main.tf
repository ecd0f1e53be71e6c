resource "aws_ebs_volume" "old" {
	availability_zone = "eu-west-1a"
	size = 10
	type = "gp2"
}

resource "aws_ebs_volume"   "older" {
    availability_zone   =   "eu-west-1b"
    size = 10
    encrypted = false
}
