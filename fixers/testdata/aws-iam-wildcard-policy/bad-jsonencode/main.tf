resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_iam_policy" "ops" {
  name = "ops"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "${aws_s3_bucket.data.arn}/*" # not static: the rest still is
      },
      {
        Sid      = "BreakGlass"
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role_policy" "ci" {
  count = 2
  name  = "ci-${count.index}"
  role  = "ci"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = {
      Action   = ["*"]
      Resource = ["*"]
    }
  })
}
