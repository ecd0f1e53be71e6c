resource "aws_launch_template" "old" {
   name = "old"
   block_device_mappings {
      device_name = "/dev/sda1"
      ebs {
         volume_size = 8
      }
   }
}

resource "aws_launch_configuration" "older" {
	image_id = "ami-0123456789abcdef0"
	instance_type = "t2.micro"
	root_block_device {
		volume_size = 8
	}
}
