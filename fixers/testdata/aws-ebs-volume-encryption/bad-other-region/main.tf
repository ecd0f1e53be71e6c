provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

# Encryption by default is on in us-west-2 only; the volume is in eu-west-1.
resource "aws_ebs_encryption_by_default" "west" {
  provider = aws.west
  enabled  = true
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
}
