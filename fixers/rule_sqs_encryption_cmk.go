package fixers

import "github.com/driftfix/driftfix/iac"

// sqsEncryptionCMK: the encryption names a KMS key the account controls rather than the AWS managed
// key alias/aws/sqs, whose key policy nobody can change: with a customer-managed key,
// who may decrypt is the account's decision, and it can be shared across
// accounts.
var sqsEncryptionCMK = Rule{Meta: sqsEncryptionCMKMeta, Check: checkSqsEncryptionCMK}

var sqsEncryptionCMKMeta = Meta{
	ID:            "aws-sqs-encryption-cmk",
	Title:         "SQS queue encrypts with the AWS managed key, not a customer-managed one",
	Severity:      Low,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_sqs_queue"},
	Refs:          Refs{Trivy: "AVD-AWS-0135", Tfsec: "aws-sqs-queue-encryption-use-cmk", Checkov: "CKV2_AWS_73"},
	NoFix:         cmkNoFix,
}

func checkSqsEncryptionCMK(in *Input) []Finding {
	m := sqsEncryptionCMKMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_sqs_queue") {
		if k, st := r.Block.String("kms_master_key_id"); st == iac.Known && k == "alias/aws/sqs" {
			out = append(out, m.New(r, rangeOf(r.Block, "kms_master_key_id"), `kms_master_key_id is the AWS managed key "alias/aws/sqs"`, nil, ""))
		}
	}
	return out
}
