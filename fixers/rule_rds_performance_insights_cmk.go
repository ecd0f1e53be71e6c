package fixers

import "github.com/driftfix/driftfix/iac"

// rdsPerformanceInsightsCMK: Performance Insights data (which holds query
// text) is encrypted with a KMS key the account controls.
var rdsPerformanceInsightsCMK = Rule{Meta: rdsPerformanceInsightsCMKMeta, Check: checkRDSPerformanceInsightsCMK}

var rdsPerformanceInsightsCMKMeta = Meta{
	ID:            "aws-rds-performance-insights-cmk",
	Title:         "RDS Performance Insights does not encrypt with a customer-managed KMS key",
	Severity:      Low,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_db_instance", "aws_rds_cluster_instance"},
	Refs:          Refs{Trivy: "AVD-AWS-0078", Tfsec: "aws-rds-performance-insights-encryption-customer-key", Checkov: "CKV_AWS_354"},
	NoFix:         cmkNoFix + " (the key of Performance Insights cannot be changed once it is on)",
}

func checkRDSPerformanceInsightsCMK(in *Input) []Finding {
	m := rdsPerformanceInsightsCMKMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_db_instance", "aws_rds_cluster_instance") {
		if on, st := r.Block.Bool("performance_insights_enabled"); st != iac.Known || !on {
			continue
		}
		out = append(out, wantKey(m, r, r.Block, "performance_insights_kms_key_id", "Performance Insights is on and performance_insights_kms_key_id is not set, so the AWS managed key aws/rds is used")...)
	}
	return out
}
