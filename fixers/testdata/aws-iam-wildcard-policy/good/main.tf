variable "effect" {
  type = string
}

variable "actions" {
  type = list(string)
}

resource "aws_iam_policy" "scoped" {
  name = "scoped"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "s3:*", Resource = "arn:aws:s3:::acme-data/*" },
      { Effect = "Allow", Action = "*", Resource = "arn:aws:s3:::acme-scratch" },
      { Effect = "Deny", Action = "*", Resource = "*" },
      { Effect = "Allow", NotAction = "iam:*", Resource = "*" },
    ]
  })
}

# The effect comes from a variable driftfix cannot know: no finding.
resource "aws_iam_role_policy" "configurable" {
  name = "configurable"
  role = "app"
  policy = jsonencode({
    Statement = [{ Effect = var.effect, Action = "*", Resource = "*" }]
  })
}

data "aws_iam_policy_document" "configurable" {
  for_each = toset(["a"])

  statement {
    actions   = var.actions
    resources = ["*"]
  }

  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
  }
}

# driftfix:ignore:aws-iam-wildcard-policy
resource "aws_iam_policy" "break_glass" {
  name = "break-glass"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_policy" "from_document" {
  name   = "from-document"
  policy = data.aws_iam_policy_document.configurable["a"].json
}
