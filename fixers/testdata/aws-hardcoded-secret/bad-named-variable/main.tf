resource "aws_db_instance" "legacy" {
  identifier        = "legacy"
  engine            = "mysql"
  instance_class    = "db.t3.micro"
  username          = "legacy"
  password          = "Tz8qW3eR5tY7uI9oP1"
  storage_encrypted = true
}

resource "aws_rds_cluster" "reports" {
  cluster_identifier = "reports"
  engine             = "aurora-postgresql"
  master_username    = "reports"
  master_password    = "Tz8qW3eR5tY7uI9oP1"
  storage_encrypted  = true
}

variable "legacy_db_password" {
  type = string
}
