variable "slack_token" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "alerts" {
  identifier        = "alerts"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  username          = "alerts"
  password          = "cX0n558VIbBoh2bomp"
  storage_encrypted = true
}
