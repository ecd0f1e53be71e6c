resource "aws_launch_template" "batch" {
  name_prefix = "batch-"
  image_id    = "ami-0123456789abcdef0"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "optional"
    http_put_response_hop_limit = 2 # containers need the extra hop
  }
}

resource "aws_launch_template" "one_line" {
  name_prefix = "one-line-"
  image_id    = "ami-0123456789abcdef0"

  metadata_options { http_endpoint = "enabled" }
}

resource "aws_launch_configuration" "legacy" {
  name_prefix   = "legacy-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "optional"
  }

  lifecycle {
    create_before_destroy = true
  }
}
