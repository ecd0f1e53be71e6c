resource "random_password" "reports" {
  length  = 24
  special = true
}

data "aws_secretsmanager_secret_version" "billing" {
  secret_id = "arn:aws:secretsmanager:us-east-1:123456789012:secret:billing-AbCdEf"
}

resource "aws_db_instance" "orders" {
  identifier        = "orders"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  username          = "orders"
  password          = "luUfEK-*m1rPh8wVmT"
  storage_encrypted = true
}

resource "aws_db_instance" "reports" {
  identifier        = "reports"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  username          = "reports"
  password          = random_password.reports.result
  storage_encrypted = true
}

resource "aws_db_instance" "staging" {
  identifier        = "staging"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  username          = "staging"
  password          = "changeme"
  storage_encrypted = true
}

resource "aws_rds_cluster" "analytics" {
  cluster_identifier = "analytics"
  engine             = "aurora-postgresql"
  master_username    = "analytics"
  master_password    = var.db_password
  storage_encrypted  = true
}

resource "aws_ssm_parameter" "stripe" {
  name  = "/prod/billing/stripe"
  type  = "SecureString"
  value = "sk_live_nZIyFe5PMKDEOrMzZd5QWOVqFq0p"
}

resource "aws_ssm_parameter" "billing" {
  name  = "/prod/billing/key"
  type  = "SecureString"
  value = jsondecode(data.aws_secretsmanager_secret_version.billing.secret_string)["key"]
}

resource "aws_secretsmanager_secret_version" "app" {
  secret_id = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf"
  secret_string = jsonencode({
    username = "app"
    password = "kau#89s#4s^WxMnF2l"
  })
}

resource "aws_lambda_function" "notify" {
  function_name    = "notify"
  role             = "arn:aws:iam::123456789012:role/notify"
  handler          = "index.handler"
  runtime          = "nodejs20.x"
  filename         = "notify.zip"
  source_code_hash = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="

  environment {
    variables = {
      SLACK_WEBHOOK    = "https://hooks.slack.com/services/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"
      SENDGRID_API_KEY = "SG.0M2GwY5m31GtbBNe9buajG.hktnwfrpV3tN6dK0N0K99B4lO72dQeGSG1bGlOJrdeY"
      CONFIG_URL       = "https://config.internal.example.org/v1/notify?env=prod"
      REQUEST_ID       = "6f1c2b7e-3a94-4e0d-9b58-2c7f1e8a4d33"
      DB_PASSWORD_PATH = "/prod/notify/db/password"
    }
  }
}

resource "aws_instance" "worker" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  subnet_id     = "subnet-0a1b2c3d4e5f67890"
  user_data     = <<-EOT
    #!/bin/bash
    export AWS_SECRET_ACCESS_KEY=hDcmo5rq7+lqYoqxFuqYyuHKzxZxQL9h47QHd/If
    export DB_PASSWORD=$(aws ssm get-parameter --name /prod/db --with-decryption --query Parameter.Value --output text)
    /opt/worker/start
  EOT

  metadata_options {
    http_tokens = "required"
  }

  tags = {
    Name      = "MyServiceProductionCluster2024x"
    BuildHash = "330230d646cf3739d534b3b7c45ece94cfc602a31782c6a4db7fa025c560edd2"
    Commit    = "4d3a874671861d99dda00a0d921e3124a275a08e"
    BuildId   = "b2c7a7e4-3f51-4d7c-9a3e-51f0c8d2e6a1"
  }
}

resource "aws_iam_server_certificate" "web" {
  name             = "web"
  certificate_body = file("web.crt")
  private_key      = <<PEM
-----BEGIN RSA PRIVATE KEY-----
MIIEELR16DtT+PorFgaF0/oF/1Pvfi1y55uqs0ElRe0zoVirGEu//XAHKb8SmvEJ
NplYiZHNV6wA2A7/fEDISl51g0hoP699LcCtaVIW/esklS5+hmRaYzJQNht+Zqzm
MLY9QMF7eRbaCeV4FKr3bg5W3fKi3hocDK9Tlf8/J/rkkn8MXENL1zYt37hvWgEw
dmeEbE7tLCSPNcfDkUlwKKjoWpY8lpzx/evBYTqO8S2UOq77y4auFwi/CV9mwgHK
mlvYxb83aqHEUT9YN+Qv2hbtpuAEAXxGP3zouGBvmohklgMDKun1IHGz7M/Uyp0i
-----END RSA PRIVATE KEY-----
PEM
}

resource "aws_key_pair" "deploy" {
  key_name   = "deploy"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq7Lm2Xz9Kp4Vb8Nc1Rt6Yw3Qe5Ht7Uj0Io2Pa4Sd9 deploy@ci"
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "session cache; auth_token: rotated-every-quarter"
  node_type                  = "cache.t3.micro"
  transit_encryption_enabled = true
  auth_token                 = "efioJWUlIT6AzhKJTAwJw-PR"
  auth_token_update_strategy = "ROTATE"
}

resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([{
    name  = "api"
    image = "acme/api:1.4"
    environment = [
      { name = "GITHUB_TOKEN", value = "gho_ZHhwpSNEva12GcAOEFAtZvGG02I2TcW5xmpk" },
      { name = "NPM_TOKEN", value = "npm_JN84FdaxBC1AXJpVLfMdQsXybI43IplutQrm" },
      { name = "LOG_LEVEL", value = "info" },
    ]
  }])
}

resource "aws_codebuild_source_credential" "github" {
  auth_type   = "PERSONAL_ACCESS_TOKEN"
  server_type = "GITHUB"
  token       = "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"
}

resource "aws_mq_broker" "events" {
  broker_name        = "events"
  engine_type        = "ActiveMQ"
  engine_version     = "5.17.6"
  host_instance_type = "mq.t3.micro"

  user {
    username = "events"
    password = "x3WWnVZ5bx3xzea3vP"
  }
}

resource "aws_dms_endpoint" "source" {
  endpoint_id   = "source"
  endpoint_type = "source"
  engine_name   = "postgres"
  server_name   = "db.internal"
  port          = 5432
  username      = "dms"
  password      = "%ervtMzH-NR0SUUL"
}

resource "aws_glue_connection" "warehouse" {
  name = "warehouse"
  connection_properties = {
    JDBC_CONNECTION_URL = "jdbc:postgresql://warehouse.internal:5432/dw"
    USERNAME            = "glue"
    PASSWORD            = "cAA#gKYDyJ-gpFx2l9"
  }
}

resource "aws_cloudwatch_event_connection" "partner" {
  name               = "partner"
  authorization_type = "API_KEY"

  auth_parameters {
    api_key {
      key   = "x-api-key"
      value = "GCOl2n4gF1FtNXscWbO7A0RGIeKmDmiyDlVQJCdW"
    }
  }
}

resource "aws_efs_file_system" "shared" {
  creation_token = "shared-efs-2024"
}

resource "aws_kms_key" "app" {
  description         = "app key, password: rotate-every-90-days"
  enable_key_rotation = true
}

resource "aws_iam_role" "partner" {
  name = "partner"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::210987654321:root" }
      Condition = { StringEquals = { "sts:ExternalId" = "0c9d3e21-7a4b-4f6e-8d2c-5b1a9e7f3c60" } }
    }]
  })
}

# driftfix:ignore:aws-hardcoded-secret fixture of the integration suite, never deployed
resource "aws_ssm_parameter" "fixture" {
  name  = "/test/fixture"
  type  = "SecureString"
  value = "Pq9wE2rT4yU6iO8aS0"
}

module "alerts" {
  source      = "./modules/alerts"
  slack_token = "xoxp-87907443918-005606446893-146557746880-7003edac5bfd33461a2ad4d7fb85c9ac"
}

module "network" {
  source = "git::https://deploy:glpat-gU92He9sh1bzEjHUlmOs@gitlab.example.org/acme/network.git?ref=v1.2.0"
}

locals {
  analytics_key   = "AIzadyYXCbOOCDYt-ouexiCAbZVW6gD4hXsrp6K"
  billing_jwt     = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsImlhdCI6MTcxMjAwMDAwMH0.SBCjfJMAKih9YeVaMl3yGPJSDJ7nBPGLuT35ItaJuXP"
  chat_bot_token  = "xoxb-116600070098-4916322671806-8WWHdOvUekQYmQG2CcWDqfoJ"
  reporting_dsn   = "mongodb://reporting:OJ-WIWo-BV0n%4@mongo.internal:27017/reports"
  temp_session_id = "ASIABSZZ2EZWV3O4AKCV"
  stripe_restrict = "rk_test_WUsWm3pTDY9LLDhTNTAw8Fn3JqPxwDAE"
  audit_role_arn  = "arn:aws:iam::123456789012:role/audit"
  kms_key_id      = "1234abcd-12ab-34cd-56ef-1234567890ab"
  admin_hash      = "$2y$10$u7bV1d3k2y9lQ0ZrXbYfUeQjv6h4pQ3lV8wqK2mN0sT5rD1aZ9cGe"
  legacy_md5      = "5f4dcc3b5aa765d61d8327deb882cf99"
  api_key_hint    = "<your-api-key>"
  token_from_env  = "$API_TOKEN"
  helm_password   = "{{ .Values.db.password }}"
  ssm_path        = "/prod/db/password"
  readme_base64   = "IyEvYmluL2Jhc2gKZWNobyAiaGVsbG8gd29ybGQiCnl1bSBpbnN0YWxsIC15IG5naW54Cg=="
  app_password    = "Password123"
}

output "analytics_key" {
  value = local.analytics_key
}
