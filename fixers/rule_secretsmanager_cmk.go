package fixers

import "github.com/driftfix/driftfix/iac"

// secretsmanagerCMK: a secret is encrypted with a KMS key the account
// controls, so reading it needs the key policy's consent as well as the
// secret's, and it can be shared with another account.
var secretsmanagerCMK = Rule{Meta: secretsmanagerCMKMeta, Check: checkSecretsmanagerCMK}

var secretsmanagerCMKMeta = Meta{
	ID:            "aws-secretsmanager-cmk",
	Title:         "Secrets Manager secret does not encrypt with a customer-managed KMS key",
	Severity:      Low,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_secretsmanager_secret"},
	Refs:          Refs{Trivy: "AVD-AWS-0098", Tfsec: "aws-ssm-secret-use-customer-key", Checkov: "CKV_AWS_149"},
	NoFix:         cmkNoFix + " (every reader of the secret then also needs kms:Decrypt on the key)",
}

func checkSecretsmanagerCMK(in *Input) []Finding {
	m := secretsmanagerCMKMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_secretsmanager_secret") {
		if k, st := r.Block.String("kms_key_id"); st == iac.Known && k == "alias/aws/secretsmanager" {
			out = append(out, m.New(r, rangeOf(r.Block, "kms_key_id"), `kms_key_id is the AWS managed key "alias/aws/secretsmanager"`, nil, ""))
			continue
		}
		out = append(out, wantKey(m, r, r.Block, "kms_key_id", "kms_key_id is not set, so the AWS managed key aws/secretsmanager is used")...)
	}
	return out
}
