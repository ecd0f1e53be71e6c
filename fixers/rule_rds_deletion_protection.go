package fixers

// rdsDeletionProtection: RDS instances and clusters refuse to be deleted
// until deletion protection is turned off first.
var rdsDeletionProtection = Rule{Meta: rdsDeletionProtectionMeta, Check: checkRDSDeletionProtection}

var rdsDeletionProtectionMeta = Meta{
	ID:            "aws-rds-deletion-protection",
	Title:         "RDS deletion protection is not enabled",
	Severity:      Medium,
	Class:         ClassDeletionProtection,
	ResourceTypes: []string{"aws_db_instance", "aws_rds_cluster"},
	Touches: []Touch{
		{ResourceType: "aws_db_instance", Paths: []string{"deletion_protection"}, Safe: SafeIs(true)},
		{ResourceType: "aws_rds_cluster", Paths: []string{"deletion_protection"}, Safe: SafeIs(true)},
	},
	// AVD-AWS-0343 (aws-rds-enable-cluster-deletion-protection) is trivy's
	// cluster twin of AVD-AWS-0177; Refs holds one trivy ID.
	Refs: Refs{Trivy: "AVD-AWS-0177", Tfsec: "aws-rds-enable-deletion-protection", Checkov: "CKV_AWS_293", Also: []string{"CKV_AWS_139", "AVD-AWS-0343"}},
}

func checkRDSDeletionProtection(in *Input) []Finding {
	m := rdsDeletionProtectionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_db_instance", "aws_rds_cluster") {
		out = append(out, wantTrue(m, r, "deletion_protection",
			"deletion_protection is not set, so it is off",
			"deletion_protection is false")...)
	}
	return out
}
