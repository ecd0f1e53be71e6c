package fixers

import (
	"github.com/driftfix/driftfix/iac"
)

// sqsEncryption: an SQS queue encrypts its messages at rest.
//
// An absent sqs_managed_sse_enabled is not reported: since October 2022 SQS
// encrypts every new queue with SSE-SQS unless told not to, and the AWS
// provider leaves the attribute computed, so only an explicit false turns
// encryption off.
var sqsEncryption = Rule{Meta: sqsEncryptionMeta, Check: checkSQSEncryption}

var sqsEncryptionMeta = Meta{
	ID:            "aws-sqs-encryption",
	Title:         "SQS queue does not encrypt messages at rest",
	Severity:      Medium,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_sqs_queue"},
	Touches: []Touch{
		{ResourceType: "aws_sqs_queue", Paths: []string{"sqs_managed_sse_enabled"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0096", Tfsec: "aws-sqs-enable-queue-encryption", Checkov: "CKV_AWS_27"},
}

func checkSQSEncryption(in *Input) []Finding {
	m := sqsEncryptionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_sqs_queue") {
		b := r.Block
		sse, st := b.Bool("sqs_managed_sse_enabled")
		if st != iac.Known || sse {
			continue
		}
		key, kst := b.String("kms_master_key_id")
		if kst == iac.Unknown || kst == iac.Known && key != "" {
			continue // SSE-KMS (or a key driftfix cannot see)
		}
		msg := "sqs_managed_sse_enabled is false and the queue has no kms_master_key_id"
		if kst == iac.Known {
			// The provider rejects sqs_managed_sse_enabled next to a
			// configured kms_master_key_id, even an empty one.
			out = append(out, m.New(r, rangeOf(b, "sqs_managed_sse_enabled"), "sqs_managed_sse_enabled is false and kms_master_key_id is empty", nil,
				`remove kms_master_key_id = "" (it conflicts with sqs_managed_sse_enabled) and set sqs_managed_sse_enabled = true, or set kms_master_key_id to a KMS key`))
			continue
		}
		out = append(out, m.New(r, rangeOf(b, "sqs_managed_sse_enabled"), msg,
			func(ed *iac.Editor) error { return ed.SetAttr(m.ID, b, "sqs_managed_sse_enabled", "true") }, ""))
	}
	return out
}
