# Look-alikes: none of these is a hardcoded secret.
provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"                     # AWS's documented example
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" # ditto
}

provider "github" {
  token = var.github_token
}

resource "random_password" "db" {
  length  = 24
  special = true
}

data "aws_secretsmanager_secret_version" "api" {
  secret_id = "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-AbCdEf"
}

resource "aws_db_instance" "orders" {
  identifier                  = "orders"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  username                    = "orders"
  password                    = random_password.db.result
  manage_master_user_password = null
  storage_encrypted           = true
}

resource "aws_db_instance" "reports" {
  identifier        = "reports"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  username          = "reports"
  password          = "changeme" # replaced in the pipeline
  storage_encrypted = true
}

resource "aws_ssm_parameter" "api" {
  name  = "/prod/api/key"
  type  = "SecureString"
  value = jsondecode(data.aws_secretsmanager_secret_version.api.secret_string)["key"]
}

resource "aws_ssm_parameter" "placeholder" {
  name  = "/prod/api/placeholder"
  type  = "SecureString"
  value = "<set-in-console>"
}

resource "aws_instance" "web" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  subnet_id     = "subnet-0a1b2c3d4e5f67890"
  key_name      = "deploy"
  user_data     = file("${path.module}/init.sh")

  metadata_options {
    http_tokens = "required"
  }

  tags = {
    Name      = "MyServiceProductionCluster2024x"
    BuildHash = "5e884898da28047151d0e56f8dc2970a2b4b8b5f3b5f1f6f2b2e2c7a1d0e8f9a"
    RequestId = "6f1c2b7e-3a94-4e0d-9b58-2c7f1e8a4d33"
  }
}

resource "aws_key_pair" "deploy" {
  key_name   = "deploy"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq7Lm2Xz9Kp4Vb8Nc1Rt6Yw3Qe5Ht7Uj0Io2Pa4Sd9 deploy@ci"
}

resource "aws_efs_file_system" "shared" {
  creation_token = "shared-efs-2024"
}

resource "aws_kms_key" "app" {
  description         = "app key: rotate-every-90-days"
  enable_key_rotation = true
}

resource "aws_lambda_function" "fn" {
  function_name    = "fn"
  role             = "arn:aws:iam::123456789012:role/fn"
  handler          = "index.handler"
  runtime          = "nodejs20.x"
  filename         = "fn.zip"
  source_code_hash = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="

  environment {
    variables = {
      DB_PASSWORD_PARAM = "/prod/db/password"
      API_TOKEN         = "$API_TOKEN"
    }
  }
}

resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Condition = { StringEquals = { "sts:ExternalId" = "6f1c2b7e-3a94-4e0d-9b58-2c7f1e8a4d33" } }
    }]
  })
}

# driftfix:ignore:aws-hardcoded-secret a test fixture for the integration suite
resource "aws_ssm_parameter" "fixture" {
  name  = "/test/fixture"
  type  = "SecureString"
  value = "Pq9wE2rT4yU6iO8aS0"
}

variable "github_token" {
  type      = string
  sensitive = true
}
