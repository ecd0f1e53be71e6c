resource "aws_launch_configuration" "hand" {
	name_prefix = "hand-"
	image_id = "ami-0123456789abcdef0"
	instance_type = "t3.micro"
	metadata_options {
		http_endpoint = "enabled"
	}
}

resource "aws_launch_template" "hand" {
   count = 1
   name_prefix   =   "hand-"
   image_id = "ami-0123456789abcdef0"
}
