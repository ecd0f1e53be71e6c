resource "aws_iam_group" "ci" {
  name = "ci"
}

resource "aws_iam_group_policy_attachment" "ci" {
  group      = aws_iam_group.ci.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
