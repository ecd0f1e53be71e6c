resource "aws_ecr_repository" "api" {
  name = "api"
}

resource "aws_ecr_repository" "worker" {
  name = "worker"

  encryption_configuration {
    encryption_type = "KMS"
  }
}
