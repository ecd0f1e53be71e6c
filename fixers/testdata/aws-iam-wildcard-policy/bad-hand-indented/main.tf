resource "aws_iam_policy" "legacy" {
    name        =    "legacy"
    policy      = jsonencode({
        Statement = [{Effect="Allow", Action="*", Resource="*"}]
    })
}
