provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

resource "aws_ebs_encryption_by_default"   "regions" {
    count    =   1
    provider = aws.west
    enabled  =  false
}
