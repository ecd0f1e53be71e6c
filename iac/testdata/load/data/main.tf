data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}

data "aws_caller_identity" "me" {
  count = 2
}

resource "aws_iam_policy" "p" {
  policy  = data.aws_iam_policy_document.p.json
  account = data.aws_caller_identity.me[0].account_id
  n       = length(data.aws_caller_identity.me)
}
