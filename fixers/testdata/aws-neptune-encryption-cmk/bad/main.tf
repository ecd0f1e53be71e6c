resource "aws_neptune_cluster" "graph" {
  cluster_identifier = "graph"
  engine             = "neptune"
}

resource "aws_neptune_cluster" "legacy" {
  cluster_identifier             = "legacy"
  engine                         = "neptune"
  storage_encrypted              = false
  enable_cloudwatch_logs_exports = ["slowquery"]
}
