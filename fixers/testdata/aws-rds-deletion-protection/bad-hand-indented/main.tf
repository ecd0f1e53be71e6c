# driftfix:ignore:aws-rds-deletion-protection:exp:2020-01-01
resource "aws_rds_cluster" "ledger" {
    cluster_identifier = "ledger"
    engine = "aurora-mysql"
    deletion_protection = false   # off while we test restores
}

resource "aws_db_instance" "cache" {
      count = 2
      identifier = "cache-${count.index}"
      engine = "mysql"
}
