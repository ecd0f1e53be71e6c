package fixers

// daxEncryption: a DAX cluster encrypts its cache at rest (DAX's default is
// unencrypted).
var daxEncryption = Rule{Meta: daxEncryptionMeta, Check: checkDAXEncryption}

var daxEncryptionMeta = Meta{
	ID:            "aws-dax-encryption",
	Title:         "DAX cluster is not encrypted at rest",
	Severity:      High,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_dax_cluster"},
	Refs:          Refs{Trivy: "AVD-AWS-0023", Tfsec: "aws-dynamodb-enable-at-rest-encryption", Checkov: "CKV_AWS_47"},
	NoFix:         "encryption of a DAX cluster can only be chosen when it is created: turning it on replaces the cluster (a cold cache and a new endpoint); plan the switch and set server_side_encryption { enabled = true } by hand",
}

func checkDAXEncryption(in *Input) []Finding {
	m := daxEncryptionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_dax_cluster") {
		out = append(out, wantNested(m, r, "server_side_encryption", "enabled", is("true"), "", "")...)
	}
	return out
}
