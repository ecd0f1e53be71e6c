# driftfix's configuration for the demo repository (see examples/config/driftfix.hcl
# for every setting, commented).

# The AWS estate: scanned and fixed by `driftfix scan` / `driftfix fix`.
project "estate" {
  dir         = "."
  environment = "dev"
}

# A small project made only of Terraform's built-in resources, so that the
# demo can run a real plan and apply on a machine with no cloud account.
project "ledger" {
  dir               = "ledger"
  environment       = "dev"
  terraform_version = "1.5.7"
}

# A custom fix class: changing a ledger entry's input is low risk.
class "ledger-input" {
  risk      = "low"
  resources = ["terraform_data"]
  paths     = ["input"]
}

policy "dev" {
  auto_apply  = ["tags", "encryption-at-rest", "versioning", "public-access-block", "ledger-input"]
  max_changes = 10
}

rules {
  required_tags = { owner = "platform" }
}

settings {
  # The demo's AWS endpoint (driftfix awslocal) serves these types only;
  # against a real account leave drift_types out to read every type.
  drift_types = [
    "aws_db_instance", "aws_ebs_volume", "aws_iam_role", "aws_instance", "aws_kms_key", "aws_s3_bucket",
    "aws_s3_bucket_logging", "aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning", "aws_security_group",
  ]

  # driftfix drift: tags added in the console and key rotation turned on by
  # hand are written back into the code; everything else is reverted by
  # plan/apply, through the gate.
  drift_remediation = {
    tags           = "codify"
    "key-rotation" = "codify"
  }
}
