variable "tracing_mode" {
  type = string
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "api.zip"

  tracing_config {
    mode = "Active"
  }
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  handler       = "main"
  runtime       = "provided.al2023"
  filename      = "worker.zip"

  tracing_config {
    mode = var.tracing_mode
  }
}
