variable "name" {
  type = string
}

# Scratch volume for the batch workers.
resource "aws_ebs_volume" "scratch" {
  availability_zone = "us-east-1a"
  size              = 100
  encrypted         = false # "we'll turn it on later"
}

resource "aws_db_instance" "main" {
  identifier          = var.name
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  publicly_accessible = true
  skip_final_snapshot = true
}
