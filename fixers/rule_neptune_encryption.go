package fixers

// neptuneEncryption: a Neptune cluster encrypts its storage, backups and
// snapshots at rest.
var neptuneEncryption = Rule{Meta: neptuneEncryptionMeta, Check: checkNeptuneEncryption}

var neptuneEncryptionMeta = Meta{
	ID:            "aws-neptune-encryption",
	Title:         "Neptune cluster storage is not encrypted",
	Severity:      High,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_neptune_cluster"},
	Refs:          Refs{Trivy: "AVD-AWS-0076", Tfsec: "aws-neptune-enable-storage-encryption", Checkov: "CKV_AWS_44"},
	NoFix:         "encryption can only be chosen when a cluster is created: storage_encrypted = true replaces the cluster and its data; restore an encrypted copy from a snapshot and switch over",
}

func checkNeptuneEncryption(in *Input) []Finding {
	m := neptuneEncryptionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_neptune_cluster") {
		out = append(out, wantAttr(m, r, "storage_encrypted", is("true"), "storage_encrypted is not set, so storage is not encrypted", "", "")...)
	}
	return out
}
