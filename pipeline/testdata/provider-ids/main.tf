# The code of the account the provider-ids states manage.

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"

  # the team that owns the logs
  tags = {
    team = "data"
  }
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket                = aws_s3_bucket.logs.id
  expected_bucket_owner = "111122223333"

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket = aws_s3_bucket.logs.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "web tier"
  vpc_id      = "vpc-0a1b2c3d"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  tags = {
    Name = "web"
  }
}

resource "aws_instance" "web" {
  ami           = "ami-0abc"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "required"
  }

  tags = {
    Name = "web-1"
  }
}

resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 100
  type              = "gp3"
  encrypted         = true

  tags = {
    Name = "data"
  }
}

resource "aws_db_instance" "orders" {
  identifier              = "orders"
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  storage_encrypted       = true
  deletion_protection     = true
  backup_retention_period = 7
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_kms_key" "app" {
  description         = "app"
  enable_key_rotation = true
}
