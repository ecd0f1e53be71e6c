package fixers

import (
	"strings"

	"github.com/driftfix/driftfix/iac"
)

// rdsPerformanceInsights: a database records its load and the queries
// behind it, so a slowdown can be explained after the fact.
var rdsPerformanceInsights = Rule{Meta: rdsPerformanceInsightsMeta, Check: checkRDSPerformanceInsights}

var rdsPerformanceInsightsMeta = Meta{
	ID:            "aws-rds-performance-insights",
	Title:         "RDS Performance Insights is not enabled",
	Severity:      Low,
	Class:         ClassLogging,
	ResourceTypes: []string{"aws_db_instance", "aws_rds_cluster_instance"},
	Touches: []Touch{
		{ResourceType: "aws_db_instance", Paths: []string{"performance_insights_enabled"}, Safe: SafeIs(true)},
		{ResourceType: "aws_rds_cluster_instance", Paths: []string{"performance_insights_enabled"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0133", Tfsec: "aws-rds-enable-performance-insights", Checkov: "CKV_AWS_353"},
}

func checkRDSPerformanceInsights(in *Input) []Finding {
	m := rdsPerformanceInsightsMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_db_instance", "aws_rds_cluster_instance") {
		fs := wantTrue(m, r, "performance_insights_enabled",
			"performance_insights_enabled is not set, so it is off",
			"performance_insights_enabled is false")
		if len(fs) > 0 {
			if class, st := r.Block.String("instance_class"); st != iac.Known || rdsSmallClass(class) {
				fs = []Finding{m.New(r, rangeOf(r.Block, "performance_insights_enabled"), fs[0].Message, nil,
					"Performance Insights is not offered on every instance class and engine version (not on db.t2/db.t3 micro and small for most engines); check yours and set performance_insights_enabled = true by hand")}
			}
		}
		out = append(out, fs...)
	}
	return out
}

// rdsSmallClass reports the burstable micro and small classes, where
// Performance Insights is not offered for most engines.
func rdsSmallClass(c string) bool {
	return strings.HasPrefix(c, "db.t2.") || strings.HasSuffix(c, ".micro") || strings.HasSuffix(c, ".small")
}
