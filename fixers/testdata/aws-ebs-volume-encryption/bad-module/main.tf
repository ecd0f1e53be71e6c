module "disks" {
  source = "./modules/disks"
  az     = "eu-west-1a"
}
