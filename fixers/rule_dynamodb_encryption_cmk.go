package fixers

import "github.com/driftfix/driftfix/iac"

// dynamodbEncryptionCMK: a DynamoDB table encrypts with a KMS key the
// account controls, rather than a key DynamoDB owns or the AWS managed key.
var dynamodbEncryptionCMK = Rule{Meta: dynamodbEncryptionCMKMeta, Check: checkDynamodbEncryptionCMK}

var dynamodbEncryptionCMKMeta = Meta{
	ID:            "aws-dynamodb-encryption-cmk",
	Title:         "DynamoDB table does not encrypt with a customer-managed KMS key",
	Severity:      Low,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_dynamodb_table"},
	Refs:          Refs{Trivy: "AVD-AWS-0025", Tfsec: "aws-dynamodb-table-customer-key", Checkov: "CKV_AWS_119"},
	NoFix:         cmkNoFix,
}

func checkDynamodbEncryptionCMK(in *Input) []Finding {
	m := dynamodbEncryptionCMKMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_dynamodb_table") {
		if r.Block.HasDynamic("server_side_encryption") {
			continue
		}
		sse := r.Block.First("server_side_encryption")
		if sse == nil {
			out = append(out, m.New(r, nil, "no server_side_encryption block, so the table is encrypted with a key DynamoDB owns", nil, ""))
			continue
		}
		on, st := sse.Bool("enabled")
		switch {
		case st == iac.Unknown:
		case !on:
			out = append(out, m.New(r, blockRange(sse), "server_side_encryption is not enabled, so the table is encrypted with a key DynamoDB owns", nil, ""))
		default:
			if k, kst := sse.String("kms_key_arn"); kst == iac.Known && k == "alias/aws/dynamodb" {
				out = append(out, m.New(r, rangeOf(sse, "kms_key_arn"), `kms_key_arn is the AWS managed key "alias/aws/dynamodb"`, nil, ""))
				continue
			}
			out = append(out, wantKey(m, r, sse, "kms_key_arn", "server_side_encryption sets no kms_key_arn, so the AWS managed key aws/dynamodb is used")...)
		}
	}
	return out
}
