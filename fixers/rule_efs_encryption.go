package fixers

// efsEncryption: an EFS file system encrypts its data at rest.
var efsEncryption = Rule{Meta: efsEncryptionMeta, Check: checkEFSEncryption}

var efsEncryptionMeta = Meta{
	ID:            "aws-efs-encryption",
	Title:         "EFS file system is not encrypted at rest",
	Severity:      High,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_efs_file_system"},
	Refs:          Refs{Trivy: "AVD-AWS-0037", Tfsec: "aws-efs-enable-at-rest-encryption", Checkov: "CKV_AWS_42"},
	NoFix:         "encryption can only be chosen when a file system is created: setting encrypted = true replaces it, and every file on it is lost; create an encrypted file system, copy the data (AWS DataSync) and switch over",
}

func checkEFSEncryption(in *Input) []Finding {
	m := efsEncryptionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_efs_file_system") {
		fs := wantTrue(m, r, "encrypted", "encrypted is not set, so the file system is not encrypted", "encrypted is false")
		for i := range fs {
			fs[i].Fix, fs[i].Fixable, fs[i].Reason = nil, false, m.NoFix
		}
		out = append(out, fs...)
	}
	return out
}
