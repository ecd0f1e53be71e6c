resource "aws_kms_key" "pi" {
  enable_key_rotation = true
}

resource "aws_db_instance" "orders" {
  identifier                      = "orders"
  engine                          = "postgres"
  instance_class                  = "db.m6g.large"
  performance_insights_enabled    = true
  performance_insights_kms_key_id = aws_kms_key.pi.arn
}

resource "aws_db_instance" "batch" {
  identifier     = "batch"
  engine         = "postgres"
  instance_class = "db.m6g.large"
}
