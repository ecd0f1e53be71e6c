module "account" {
  source = "./modules/account"
}
