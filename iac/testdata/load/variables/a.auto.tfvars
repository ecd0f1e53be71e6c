from_tfvars = "auto-a"
