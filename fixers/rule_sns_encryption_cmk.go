package fixers

import "github.com/driftfix/driftfix/iac"

// snsEncryptionCMK: the encryption names a KMS key the account controls rather than the AWS managed
// key alias/aws/sns, whose key policy nobody can change: with a customer-managed key,
// who may decrypt is the account's decision, and it can be shared across
// accounts.
var snsEncryptionCMK = Rule{Meta: snsEncryptionCMKMeta, Check: checkSnsEncryptionCMK}

var snsEncryptionCMKMeta = Meta{
	ID:            "aws-sns-encryption-cmk",
	Title:         "SNS topic encrypts with the AWS managed key, not a customer-managed one",
	Severity:      Low,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_sns_topic"},
	Refs:          Refs{Trivy: "AVD-AWS-0136", Tfsec: "aws-sns-topic-encryption-use-cmk"},
	NoFix:         cmkNoFix,
}

func checkSnsEncryptionCMK(in *Input) []Finding {
	m := snsEncryptionCMKMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_sns_topic") {
		if k, st := r.Block.String("kms_master_key_id"); st == iac.Known && k == "alias/aws/sns" {
			out = append(out, m.New(r, rangeOf(r.Block, "kms_master_key_id"), `kms_master_key_id is the AWS managed key "alias/aws/sns"`, nil, ""))
		}
	}
	return out
}
