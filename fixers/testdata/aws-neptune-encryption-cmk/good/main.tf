resource "aws_kms_key" "neptune" {
  enable_key_rotation = true
}

resource "aws_neptune_cluster" "graph" {
  cluster_identifier             = "graph"
  engine                         = "neptune"
  storage_encrypted              = true
  kms_key_arn                    = aws_kms_key.neptune.arn
  enable_cloudwatch_logs_exports = ["audit"]
}
