resource "aws_db_instance" "orders" {
  identifier                          = "orders"
  engine                              = "postgres"
  instance_class                      = "db.m6g.large"
  iam_database_authentication_enabled = true
}

# SQL Server has no IAM database authentication.
resource "aws_db_instance" "erp" {
  identifier     = "erp"
  engine         = "sqlserver-se"
  instance_class = "db.m6i.large"
}
