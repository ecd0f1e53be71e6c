resource "aws_db_instance" "analytics" {
  identifier          = "analytics"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  publicly_accessible = true # for the BI tool
}

resource "aws_rds_cluster_instance" "readers" {
  count               = 2
  identifier          = "readers-${count.index}"
  cluster_identifier  = "shards"
  instance_class      = "db.r6g.large"
  engine              = "aurora-postgresql"
  publicly_accessible = true
}
