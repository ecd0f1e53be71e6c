project "app" {
  dir         = "."
  environment = "dev"
}
class "test-input" {
  risk      = "low"
  resources = ["terraform_data"]
  paths     = ["input"]
}
policy "dev" {
  auto_apply  = ["tags", "encryption-at-rest", "test-input"]
  max_changes = 10
}
