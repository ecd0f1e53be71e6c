data "aws_iam_policy_document" "admin" {
  statement {
    sid       = "ReadLogs"
    actions   = ["logs:GetLogEvents"]
    resources = ["*"]
  }

  statement {
    sid       = "Admin"
    actions   = ["*"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "per_team" {
  for_each = toset(["a", "b"])

  statement {
    effect    = "Allow"
    actions   = ["*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = data.aws_iam_policy_document.admin.json
}
