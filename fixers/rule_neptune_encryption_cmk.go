package fixers

// neptuneEncryptionCMK: a Neptune cluster encrypts with a KMS key the
// account controls.
var neptuneEncryptionCMK = Rule{Meta: neptuneEncryptionCMKMeta, Check: checkNeptuneEncryptionCMK}

var neptuneEncryptionCMKMeta = Meta{
	ID:            "aws-neptune-encryption-cmk",
	Title:         "Neptune cluster does not encrypt with a customer-managed KMS key",
	Severity:      Low,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_neptune_cluster"},
	Refs:          Refs{Trivy: "AVD-AWS-0128", Tfsec: "aws-neptune-encryption-customer-key", Checkov: "CKV_AWS_347"},
	NoFix:         cmkNoFix + " (the key of a cluster can only be chosen when it is created)",
}

func checkNeptuneEncryptionCMK(in *Input) []Finding {
	m := neptuneEncryptionCMKMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_neptune_cluster") {
		out = append(out, wantKey(m, r, r.Block, "kms_key_arn", "kms_key_arn is not set")...)
	}
	return out
}
