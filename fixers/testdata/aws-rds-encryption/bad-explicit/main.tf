# driftfix:ignore:aws-rds-encryption:exp:2020-01-01
resource "aws_db_instance" "legacy" {
    identifier = "legacy"
    engine = "mysql"
    storage_encrypted = false # encrypt after the migration
}

resource "aws_rds_cluster" "reporting" {
    count = 2
    cluster_identifier = "reporting-${count.index}"
    engine = "aurora-mysql"
    engine_mode = "provisioned"
    storage_encrypted = "false"
}
