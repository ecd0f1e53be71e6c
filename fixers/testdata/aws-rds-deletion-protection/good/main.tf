resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  deletion_protection = true
}

resource "aws_rds_cluster" "shards" {
  for_each            = toset(["eu", "us"])
  cluster_identifier  = "shards-${each.key}"
  engine              = "aurora-postgresql"
  deletion_protection = true
}

variable "protect" {}

resource "aws_rds_cluster" "configurable" {
  cluster_identifier  = "configurable"
  engine              = "aurora-postgresql"
  deletion_protection = var.protect
}

# driftfix:ignore:aws-rds-deletion-protection
resource "aws_db_instance" "ephemeral" {
  identifier = "ephemeral"
  engine     = "postgres"
}
