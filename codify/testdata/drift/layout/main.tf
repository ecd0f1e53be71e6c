resource "aws_s3_bucket" "one_line" {
  bucket = "layout-one-line"
  tags   = { Name = "layout", env = "dev" }
}

resource "aws_s3_bucket" "commented" {
  bucket = "layout-commented"
  tags = {
    # who to call
    owner = "platform" # the on-call team
    env   = "dev"
    stale = "yes"
    # end of tags
  }
}

resource "aws_s3_bucket" "adds_only" {
  bucket = "layout-adds-only"
  tags = {
    env = "dev" # keep me
  }
}

resource "aws_ssm_parameter" "p" {
  name  = "/layout/p"
  type  = "SecureString"
  value = "not-a-secret"
  tags  = {}
}
