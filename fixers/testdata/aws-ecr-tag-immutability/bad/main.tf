resource "aws_ecr_repository" "api" {
  name = "api"
}

resource "aws_ecr_repository" "worker" {
  name                 = "worker"
  image_tag_mutability = "MUTABLE"
}
