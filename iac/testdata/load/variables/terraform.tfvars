from_tfvars = "tfvars"
only_tfvars = "tfvars-only"
json_tfvars = "tfvars"
undeclared  = "ignored"
