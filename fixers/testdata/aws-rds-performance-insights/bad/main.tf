resource "aws_db_instance" "orders" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.m6g.large"
}

resource "aws_rds_cluster_instance" "ledger" {
  identifier                   = "ledger-1"
  cluster_identifier           = "ledger"
  engine                       = "aurora-postgresql"
  instance_class               = "db.r6g.large"
  performance_insights_enabled = false
}

resource "aws_db_instance" "tiny" {
  identifier     = "tiny"
  engine         = "mysql"
  instance_class = "db.t3.micro"
}
