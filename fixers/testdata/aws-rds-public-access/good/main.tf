resource "aws_db_instance" "private" {
  identifier          = "private"
  engine              = "postgres"
  publicly_accessible = false
}

# Not set: the default is false.
resource "aws_db_instance" "default" {
  identifier = "default"
  engine     = "postgres"
}

resource "aws_rds_cluster_instance" "readers" {
  count              = 2
  identifier         = "readers-${count.index}"
  cluster_identifier = "shards"
  instance_class     = "db.r6g.large"
  engine             = "aurora-postgresql"
}

variable "public" {}

resource "aws_db_instance" "configurable" {
  identifier          = "configurable"
  engine              = "postgres"
  publicly_accessible = var.public
}

# driftfix:ignore:aws-rds-public-access
resource "aws_db_instance" "partner_feed" {
  identifier          = "partner-feed"
  engine              = "postgres"
  publicly_accessible = true
}
