resource "aws_db_instance" "orders" {
  identifier        = "orders"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  username          = "orders"
  password          = "uAO02hfO28u1UFOeL5" # set at creation
  storage_encrypted = true
}

resource "aws_ssm_parameter" "stripe" {
  name  = "/prod/payments/stripe"
  type  = "SecureString"
  value = "sk_live_usQTNc1kntZ1Yhjki0LQhN1BWGmZ"
}

resource "aws_lambda_function" "notify" {
  function_name = "notify"
  role          = "arn:aws:iam::123456789012:role/notify"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "notify.zip"

  environment {
    variables = {
      SLACK_WEBHOOK = "https://hooks.slack.com/services/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"
      LOG_LEVEL     = "info"
    }
  }
}

resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([{
    name  = "api"
    image = "acme/api:1.4"
    environment = [
      { name = "GITHUB_TOKEN", value = "ghp_pWKOEcAZfrmxKjN1XflVGzNRxsfN6SPMkch6" },
      { name = "REGION", value = "us-east-1" },
    ]
  }])
}

resource "aws_instance" "worker" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/bash
    export DB_PASSWORD=wZV%c2x4y3i6aYWGhe
    /opt/worker/start
  EOT
}

resource "aws_iam_server_certificate" "web" {
  name             = "web"
  certificate_body = file("web.crt")
  private_key      = <<PEM
-----BEGIN PRIVATE KEY-----
MIIEq11VS5Lev8906rv/njTakMNl5pm/mUj9gQnFp8gpuqPXCdN1imWjpgsgegO6
XOnI2aNwxzqL4iSotjG0CUfgzJMxHE79fJbjwgDOREF8hXss2Zz9b2vKMx21NO9j
+QDeaB72vN1FLkTU0Dk3PQGjr0uDM2oV9i1pMTLp+ArOiuY2ErgFAC5fCbySBoNp
-----END PRIVATE KEY-----
PEM
}

resource "aws_ssm_parameter" "dsn" {
  name  = "/prod/orders/dsn"
  type  = "SecureString"
  value = "postgres://orders:1XSIvsi*7pi28sNpc-@${aws_db_instance.orders.address}:5432/orders"
}

module "alerts" {
  source      = "./modules/alerts"
  slack_token = "xoxp-18500702453-754167168660-291005215626-3e26f264ea43c995b7c2fda1571c2200"
}

locals {
  api_key = "RlIjFUuVXUAvxIoLB2VdVy5uLYVhedihlh3Bs3iw"
}

output "api_key" {
  value = local.api_key
}
