# The orders database.
resource "aws_db_instance" "orders" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.t3.micro" # smallest class for now
}

resource "aws_rds_cluster" "shards" {
  for_each           = toset(["eu", "us"])
  cluster_identifier = "shards-${each.key}"
  engine             = "aurora-postgresql"

  serverlessv2_scaling_configuration {
    min_capacity = 0.5
    max_capacity = 4
  }
}
