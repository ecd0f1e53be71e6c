package fixers

import (
	"github.com/driftfix/driftfix/iac"
)

// kinesisEncryption: a Kinesis data stream encrypts its records at rest
// with KMS.
var kinesisEncryption = Rule{Meta: kinesisEncryptionMeta, Check: checkKinesisEncryption}

// kinesisManagedKey is the key the fix writes: the AWS managed key for
// Kinesis, which exists in every account and needs no key policy.
const kinesisManagedKey = `"alias/aws/kinesis"`

var kinesisEncryptionMeta = Meta{
	ID:            "aws-kinesis-encryption",
	Title:         "Kinesis stream does not encrypt records at rest",
	Severity:      High,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_kinesis_stream"},
	Touches: []Touch{
		{ResourceType: "aws_kinesis_stream", Paths: []string{"encryption_type"}, Safe: SafeIs("KMS")},
		{ResourceType: "aws_kinesis_stream", Paths: []string{"kms_key_id"}, Safe: SafeSet()},
	},
	Refs: Refs{Trivy: "AVD-AWS-0064", Tfsec: "aws-kinesis-enable-in-transit-encryption", Checkov: "CKV_AWS_43"},
}

func checkKinesisEncryption(in *Input) []Finding {
	m := kinesisEncryptionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_kinesis_stream") {
		b := r.Block
		t, st := b.String("encryption_type")
		if st == iac.Unknown {
			continue
		}
		keySet := isSet(b, "kms_key_id")
		var msg string
		switch {
		case st == iac.Known && t == "KMS" && keySet:
			continue
		case st == iac.Known && t == "KMS":
			msg = "encryption_type is KMS but kms_key_id is not set"
		case st == iac.Absent:
			msg = "encryption_type is not set, so records are not encrypted"
		default:
			msg = "encryption_type is " + t
		}
		at := rangeOf(b, "encryption_type")
		out = append(out, m.New(r, at, msg, func(ed *iac.Editor) error {
			if err := ed.SetAttr(m.ID, b, "encryption_type", `"KMS"`); err != nil {
				return err
			}
			if keySet {
				return nil
			}
			return ed.SetAttr(m.ID, b, "kms_key_id", kinesisManagedKey)
		}, ""))
	}
	return out
}
