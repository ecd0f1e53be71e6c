resource "terraform_data" "inner" {
  for_each = { one = 1 }
  input    = each.value
}

module "grand" {
  source = "./grand"
}
