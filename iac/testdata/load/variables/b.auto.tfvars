from_tfvars = "auto-b"
