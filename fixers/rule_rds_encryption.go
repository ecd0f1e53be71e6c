package fixers

import (
	"github.com/driftfix/driftfix/iac"
)

// rdsEncryption: RDS instances and clusters encrypt their storage, so
// snapshots, backups, replicas and the disks themselves are unreadable
// without the KMS key.
var rdsEncryption = Rule{Meta: rdsEncryptionMeta, Check: checkRDSEncryption}

var rdsEncryptionMeta = Meta{
	ID:            "aws-rds-encryption",
	Title:         "RDS storage is not encrypted at rest",
	Severity:      High,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_db_instance", "aws_rds_cluster"},
	Touches: []Touch{
		{ResourceType: "aws_db_instance", Paths: []string{"storage_encrypted"}, Safe: SafeIs(true)},
		{ResourceType: "aws_rds_cluster", Paths: []string{"storage_encrypted"}, Safe: SafeIs(true)},
	},
	// AVD-AWS-0079 (aws-rds-encrypt-cluster-storage-data) is trivy's
	// cluster twin of AVD-AWS-0080; Refs.Trivy holds one trivy ID, Also the twin.
	Refs: Refs{Trivy: "AVD-AWS-0080", Tfsec: "aws-rds-encrypt-instance-storage-data", Checkov: "CKV_AWS_16", Also: []string{"CKV_AWS_96", "AVD-AWS-0079"}},
}

func checkRDSEncryption(in *Input) []Finding {
	m := rdsEncryptionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_db_instance", "aws_rds_cluster") {
		if rdsReplica(r) {
			continue // encryption comes from the source database
		}
		if r.Block.Attr("storage_encrypted") == nil && rdsInheritsEncryption(r) {
			continue
		}
		out = append(out, wantTrue(m, r, "storage_encrypted",
			"storage_encrypted is not set, so the storage is not encrypted",
			"storage_encrypted is false")...)
	}
	return out
}

// rdsInheritsEncryption reports whether a database that does not set
// storage_encrypted gets its encryption from elsewhere, or may: a restore
// from a snapshot or to a point in time inherits the source's encryption,
// and Aurora Serverless v1 clusters (engine_mode = "serverless") are always
// encrypted. An engine_mode that cannot be known counts as may.
func rdsInheritsEncryption(r *iac.Resource) bool {
	if rdsRestored(r) {
		return true
	}
	if r.Type != "aws_rds_cluster" {
		return false
	}
	mode, st := r.Block.String("engine_mode")
	return st == iac.Unknown || (st == iac.Known && mode == "serverless")
}
