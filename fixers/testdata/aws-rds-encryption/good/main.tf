resource "aws_db_instance" "orders" {
  identifier        = "orders"
  engine            = "postgres"
  storage_encrypted = true
}

resource "aws_rds_cluster" "shards" {
  for_each           = toset(["eu", "us"])
  cluster_identifier = "shards-${each.key}"
  engine             = "aurora-postgresql"
  storage_encrypted  = true
}

variable "encrypted" {}

resource "aws_db_instance" "configurable" {
  identifier        = "configurable"
  engine            = "postgres"
  storage_encrypted = var.encrypted
}

# driftfix:ignore:aws-rds-encryption
resource "aws_db_instance" "scratch" {
  identifier = "scratch"
  engine     = "postgres"
}

# A read replica takes its encryption from the source.
resource "aws_db_instance" "orders_replica" {
  identifier          = "orders-replica"
  replicate_source_db = aws_db_instance.orders.identifier
}

resource "aws_rds_cluster" "orders_dr" {
  cluster_identifier            = "orders-dr"
  engine                        = "aurora-postgresql"
  replication_source_identifier = "arn:aws:rds:eu-west-1:123456789012:cluster:orders"
}

# Restores inherit the encryption of their snapshot or source.
resource "aws_db_instance" "restored" {
  identifier          = "restored"
  snapshot_identifier = "orders-final"
}

resource "aws_rds_cluster" "pitr" {
  cluster_identifier = "pitr"
  engine             = "aurora-postgresql"

  restore_to_point_in_time {
    source_cluster_identifier  = "shards-eu"
    use_latest_restorable_time = true
  }
}

# Aurora Serverless v1 is always encrypted.
resource "aws_rds_cluster" "serverless" {
  cluster_identifier = "serverless"
  engine             = "aurora-mysql"
  engine_mode        = "serverless"
}

variable "engine_mode" {}

resource "aws_rds_cluster" "unknown_mode" {
  cluster_identifier = "unknown-mode"
  engine             = "aurora-mysql"
  engine_mode        = var.engine_mode
}
