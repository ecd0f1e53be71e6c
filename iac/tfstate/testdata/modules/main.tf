variable "secret" {
  type      = string
  default   = "fixture-not-a-secret"
  sensitive = true
}

resource "terraform_data" "single" {
  input = { name = "single", tags = { env = "dev" } }
}

resource "terraform_data" "counted" {
  count = 2
  input = "counted-${count.index}"
}

resource "terraform_data" "keyed" {
  for_each = toset(["a", "b-c"])
  input    = each.key
}

resource "terraform_data" "secret" {
  input = var.secret
}

data "terraform_remote_state" "self" {
  backend = "local"
  config  = { path = "other.tfstate" }
  defaults = { x = 1 }
}

module "child" {
  source = "./child"
}
