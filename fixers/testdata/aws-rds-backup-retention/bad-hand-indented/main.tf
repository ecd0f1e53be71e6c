# driftfix:ignore:aws-rds-backup-retention:exp:2020-01-01
resource "aws_db_instance" "scratch" {
    identifier = "scratch"
    engine = "postgres"
    backup_retention_period = 0 # no backups for scratch data
}

resource "aws_rds_cluster" "reporting" {
    count = 2
    cluster_identifier = "reporting-${count.index}"
    engine = "aurora-mysql"
    backup_retention_period = 1
}
