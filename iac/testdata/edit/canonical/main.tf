# Buckets for the log pipeline.
terraform {
  required_version = ">= 1.5"
}

locals {
  names = toset(["raw", "clean"])
  tags = {
    Team = "data"
  }
}

resource "aws_s3_bucket" "logs" {
  bucket        = "acme-logs" # global name
  force_destroy = false

  tags = merge(local.tags, {
    Name = "logs"
  })

  versioning {
    enabled = false
  }

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket" "stage" {
  for_each = local.names
  bucket   = "acme-${each.key}"
}

resource "aws_s3_bucket" "empty" {}

resource "aws_security_group" "web" {
  name        = "web"
  description = "web"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  dynamic "egress" {
    for_each = [1]
    content {
      from_port = 0
    }
  }
}

resource "aws_iam_policy" "p" {
  name   = "p"
  policy = <<EOT
{
  "Version": "2012-10-17"
}
EOT
}

resource "aws_instance" "web" {
  ami           = "ami-123"
  instance_type = "t3.micro"
  root_block_device { encrypted = false }
  metadata_options {}
}
