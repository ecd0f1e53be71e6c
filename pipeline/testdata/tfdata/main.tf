variable "v" {
  default = "a"
}

variable "t" {
  default = "1"
}

variable "secret" {
  default   = "pipeline-test-secret-0417"
  sensitive = true
}

resource "terraform_data" "x" {
  input = var.v
}

resource "terraform_data" "r" {
  triggers_replace = var.t
}

resource "terraform_data" "s" {
  input = var.secret
}
