package fixers

import "github.com/driftfix/driftfix/iac"

// ecrEncryptionCMK: a repository encrypts its images with a KMS key the
// account controls.
var ecrEncryptionCMK = Rule{Meta: ecrEncryptionCMKMeta, Check: checkECREncryptionCMK}

var ecrEncryptionCMKMeta = Meta{
	ID:            "aws-ecr-encryption-cmk",
	Title:         "ECR repository does not encrypt with a customer-managed KMS key",
	Severity:      Low,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_ecr_repository"},
	Refs:          Refs{Trivy: "AVD-AWS-0033", Tfsec: "aws-ecr-repository-customer-key", Checkov: "CKV_AWS_136"},
	NoFix:         cmkNoFix + " (changing a repository's encryption replaces the repository and deletes its images)",
}

func checkECREncryptionCMK(in *Input) []Finding {
	m := ecrEncryptionCMKMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_ecr_repository") {
		if r.Block.HasDynamic("encryption_configuration") {
			continue
		}
		enc := r.Block.First("encryption_configuration")
		if enc == nil {
			out = append(out, m.New(r, nil, "no encryption_configuration, so images are encrypted with an AES-256 key ECR owns", nil, ""))
			continue
		}
		if t, st := enc.String("encryption_type"); st == iac.Unknown || st == iac.Known && t != "KMS" && t != "KMS_DSSE" {
			if st == iac.Known {
				out = append(out, m.New(r, rangeOf(enc, "encryption_type"), "encryption_type is "+t, nil, ""))
			}
			continue
		} else if st == iac.Absent {
			out = append(out, m.New(r, blockRange(enc), "encryption_configuration does not set encryption_type, so it is AES256", nil, ""))
			continue
		}
		out = append(out, wantKey(m, r, enc, "kms_key", "encryption_configuration sets no kms_key, so the AWS managed key aws/ecr is used")...)
	}
	return out
}
