package fixers

// ebsVolumeCMK: an EBS volume encrypts with a KMS key the account controls,
// so its snapshots can be shared with another account and reading them is
// under a key policy.
var ebsVolumeCMK = Rule{Meta: ebsVolumeCMKMeta, Check: checkEBSVolumeCMK}

var ebsVolumeCMKMeta = Meta{
	ID:            "aws-ebs-volume-cmk",
	Title:         "EBS volume does not encrypt with a customer-managed KMS key",
	Severity:      Low,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_ebs_volume"},
	Refs:          Refs{Trivy: "AVD-AWS-0027", Tfsec: "aws-ec2-volume-encryption-customer-key", Checkov: "CKV_AWS_189"},
	NoFix:         cmkNoFix + " (a volume's key can only be chosen when it is created: the change replaces the volume)",
}

func checkEBSVolumeCMK(in *Input) []Finding {
	m := ebsVolumeCMKMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_ebs_volume") {
		out = append(out, wantKey(m, r, r.Block, "kms_key_id", "kms_key_id is not set, so the volume (if encrypted) uses the AWS managed key aws/ebs")...)
	}
	return out
}
