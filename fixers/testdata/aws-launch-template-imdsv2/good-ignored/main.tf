# EKS nodes whose pods still read credentials over IMDSv1; tracked in OPS-123.
#tfsec:ignore:aws-ec2-enforce-launch-config-http-token-imds
resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"
  image_id    = "ami-0123456789abcdef0"
}

#trivy:ignore:AVD-AWS-0130
resource "aws_launch_configuration" "old" {
  name_prefix   = "old-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}

#checkov:skip=CKV_AWS_79:vendor AMI
resource "aws_launch_template" "vendor" {
  name_prefix = "vendor-"
  image_id    = "ami-0123456789abcdef0"

  metadata_options {
    http_tokens = "optional"
  }
}
