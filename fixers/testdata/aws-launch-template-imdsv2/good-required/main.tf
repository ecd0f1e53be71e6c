variable "http_tokens" {
  type = string
}

resource "aws_launch_template" "secure" {
  name_prefix = "secure-"
  image_id    = "ami-0123456789abcdef0"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }
}

resource "aws_launch_template" "no_imds" {
  name_prefix = "no-imds-"
  image_id    = "ami-0123456789abcdef0"

  metadata_options {
    http_endpoint = "disabled"
  }
}

resource "aws_launch_template" "configurable" {
  count       = 2
  name_prefix = "configurable-${count.index}-"
  image_id    = "ami-0123456789abcdef0"

  metadata_options {
    http_tokens = var.http_tokens
  }
}

resource "aws_launch_configuration" "secure" {
  name_prefix   = "secure-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "required"
  }
}
