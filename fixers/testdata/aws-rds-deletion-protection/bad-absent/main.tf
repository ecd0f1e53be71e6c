resource "aws_db_instance" "orders" {
  identifier        = "orders"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = true
}

resource "aws_rds_cluster" "shards" {
  for_each           = toset(["eu", "us"])
  cluster_identifier = "shards-${each.key}"
  engine             = "aurora-postgresql"
  storage_encrypted  = true
}
