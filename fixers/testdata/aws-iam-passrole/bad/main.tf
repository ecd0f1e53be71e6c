resource "aws_iam_policy" "deployer" {
  name = "deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "PassAnyRole"
        Effect   = "Allow"
        Action   = ["iam:PassRole", "lambda:CreateFunction"]
        Resource = "*"
      },
    ]
  })
}

data "aws_iam_policy_document" "ci" {
  statement {
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::123456789012:role/app-*"]
  }
}
