# A hand-indented file: it keeps its layout, only the edited values change.
variable "env" {
    default = "dev"
}
variable "tokens" {
    default = "optional"
}
locals {
    common = { team = "platform" }
}

resource "aws_s3_bucket" "a" {
    bucket = "literals-a"
    tags = {
        env  = var.env # from a variable
        team = "data"  # the owning team
    }
}

resource "aws_s3_bucket" "b" {
    bucket = "literals-b"
    tags   = merge(local.common, { x = "1" })
}

resource "aws_s3_bucket" "brace_on_item_line" {
    bucket = "literals-brace"
    tags = {
        env = "dev" }
}

resource "aws_instance" "web" {
    ami           = "ami-12345678"
    instance_type = "t3.micro"
    metadata_options {
        http_tokens = var.tokens
    }
}

resource "aws_instance" "app" {
    ami           = "ami-12345678"
    instance_type = "t3.micro"
}

resource "aws_kms_key" "k" {
    description = "literals"
}

resource "aws_ebs_volume" "v" {
    availability_zone = "us-east-1a"
    size  = 8
    type = "gp2"
}

resource "aws_db_instance" "db" {
    identifier          = "literals-db"
    instance_class      = "db.t3.micro"
    deletion_protection = false
}

resource "aws_security_group" "sg" {
    name = "literals-sg"
}
