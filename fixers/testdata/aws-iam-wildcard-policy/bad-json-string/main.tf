variable "bucket" {
  type = string
}

resource "aws_iam_user_policy" "deploy" {
  name   = "deploy"
  user   = "deploy"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "s3:PutObject",
          "Resource": "arn:aws:s3:::${var.bucket}/*"
        },
        {
          "Sid": "Everything",
          "Effect": "Allow",
          "Action": ["s3:*", "*"],
          "Resource": "*"
        }
      ]
    }
  EOT
}

resource "aws_iam_group_policy" "admins" {
  name   = "admins"
  group  = "admins"
  policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"
}
