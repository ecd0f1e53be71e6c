resource "aws_db_instance" "orders" {
  identifier              = "orders"
  engine                  = "postgres"
  backup_retention_period = 7
}

resource "aws_rds_cluster" "shards" {
  for_each                = toset(["eu", "us"])
  cluster_identifier      = "shards-${each.key}"
  engine                  = "aurora-postgresql"
  backup_retention_period = 2
}

variable "retention_days" {}

resource "aws_db_instance" "configurable" {
  identifier              = "configurable"
  engine                  = "postgres"
  backup_retention_period = var.retention_days
}

# driftfix:ignore:aws-rds-backup-retention
resource "aws_db_instance" "ephemeral" {
  identifier = "ephemeral"
  engine     = "postgres"
}

# Replicas are left to their source, as trivy does.
resource "aws_db_instance" "orders_replica" {
  identifier          = "orders-replica"
  replicate_source_db = aws_db_instance.orders.identifier
}

resource "aws_rds_cluster" "orders_dr" {
  cluster_identifier            = "orders-dr"
  engine                        = "aurora-postgresql"
  replication_source_identifier = "arn:aws:rds:eu-west-1:123456789012:cluster:orders"
}

# A restore inherits the retention of its snapshot.
resource "aws_db_instance" "restored" {
  identifier          = "restored"
  snapshot_identifier = "orders-final"
}
