resource "aws_cloudwatch_log_group" "app" {
    name = "/acme/app"
    tags   = {
        Name="app"
        team =  "payments"
    }
}

resource "aws_iam_role" "app" {
    name = "app"
    assume_role_policy = "{}"
}
