resource "aws_db_instance" "orders" {
  identifier                   = "orders"
  engine                       = "postgres"
  instance_class               = "db.m6g.large"
  performance_insights_enabled = true
}
