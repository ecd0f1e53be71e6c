# A small AWS estate with the usual mistakes. `make demo` scans it, fixes what
# can be fixed safely, and shows the diff. Every comment here survives the fix.

terraform {
  required_version = ">= 1.5.0"
}

provider "aws" {
  region = var.region
}

# Application assets, one bucket per environment.
resource "aws_s3_bucket" "assets" {
  for_each = toset(var.environments)
  bucket   = "acme-assets-${each.key}"

  tags = {
    team = "web" # owning team
  }
}

# Central logs: versioned, encrypted and private, but versioning was suspended
# during a migration and never turned back on.
resource "aws_s3_bucket" "logs" {
  bucket = "acme-central-logs"
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id

  versioning_configuration {
    status = "Suspended" # TODO: re-enable after the migration
  }
}

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "SSH bastion"

  ingress {
    description = "ssh from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "bastion" {
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.bastion.id]
}

resource "aws_kms_key" "data" {
  description = "data at rest"
}

resource "aws_cloudwatch_log_group" "app" {
  name = "/acme/app"
}

module "storage" {
  source = "./modules/storage"
  name   = "acme-data"
}
