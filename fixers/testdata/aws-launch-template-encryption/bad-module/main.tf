module "asg" {
  source = "./modules/asg"
  name   = "web"
}
