variable "encrypted" {
  type    = bool
  default = false
}

# The value is known (the variable's default) but not a literal: reported,
# not rewritten, so the variable keeps its meaning.
resource "aws_ebs_volume" "configurable" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = var.encrypted
}
