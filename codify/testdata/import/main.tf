provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "fx_existing" {
  bucket = "fx-existing-in-code"
}
