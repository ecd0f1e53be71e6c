resource "aws_db_instance" "app" {
  identifier        = "app"
  engine            = "mysql"
  instance_class    = "db.t3.micro"
  username          = "app"
  password          = "Hq3xW8mZ5vB1nK7p"
  storage_encrypted = true
}
