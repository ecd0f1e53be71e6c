package fixers

import (
	"github.com/driftfix/driftfix/iac"
)

// rdsPublicAccess: RDS instances get no public IP address and no public DNS
// answer; clients reach them from inside the VPC.
var rdsPublicAccess = Rule{Meta: rdsPublicAccessMeta, Check: checkRDSPublicAccess}

var rdsPublicAccessMeta = Meta{
	ID:            "aws-rds-public-access",
	Title:         "RDS instance is publicly accessible",
	Severity:      Critical,
	Class:         ClassNetworkExposure,
	ResourceTypes: []string{"aws_db_instance", "aws_rds_cluster_instance"},
	Touches: []Touch{
		{ResourceType: "aws_db_instance", Paths: []string{"publicly_accessible"}, Safe: SafeIs(false)},
		{ResourceType: "aws_rds_cluster_instance", Paths: []string{"publicly_accessible"}, Safe: SafeIs(false)},
	},
	// trivy's current check is AVD-AWS-0180 (aws-rds-enable-public-access);
	// tfsec reported the same finding as AVD-AWS-0082, aws-rds-no-public-db-access.
	Refs: Refs{Trivy: "AVD-AWS-0180", Tfsec: "aws-rds-no-public-db-access", Checkov: "CKV_AWS_17"},
}

func checkRDSPublicAccess(in *Input) []Finding {
	m := rdsPublicAccessMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_db_instance", "aws_rds_cluster_instance") {
		public, st := r.Block.Bool("publicly_accessible")
		if st != iac.Known || !public {
			continue // absent means the default, false
		}
		b := r.Block
		out = append(out, m.New(r, rangeOf(b, "publicly_accessible"), "publicly_accessible is true",
			func(ed *iac.Editor) error { return ed.SetAttr(m.ID, b, "publicly_accessible", "false") }, ""))
	}
	return out
}
