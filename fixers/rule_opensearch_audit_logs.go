package fixers

import "github.com/driftfix/driftfix/iac"

// openSearchAuditLogs: an OpenSearch domain publishes its audit log (who
// read or changed which index) to CloudWatch Logs.
var openSearchAuditLogs = Rule{Meta: openSearchAuditLogsMeta, Check: checkOpenSearchAuditLogs}

var openSearchAuditLogsMeta = Meta{
	ID:            "aws-opensearch-audit-logs",
	Title:         "OpenSearch domain does not publish audit logs",
	Severity:      Medium,
	Class:         ClassLogging,
	ResourceTypes: openSearchTypes,
	Refs:          Refs{Trivy: "AVD-AWS-0042", Tfsec: "aws-elastic-search-enable-domain-logging", Checkov: "CKV_AWS_317", Also: []string{"CKV_AWS_84"}},
	NoFix:         "audit logs need a CloudWatch log group, a resource policy that lets the OpenSearch service write to it, and fine-grained access control on the domain; add a log_publishing_options block with log_type = \"AUDIT_LOGS\" by hand",
}

func checkOpenSearchAuditLogs(in *Input) []Finding {
	m := openSearchAuditLogsMeta
	var out []Finding
	for _, r := range resources(in.Module, openSearchTypes...) {
		if r.Block.HasDynamic("log_publishing_options") {
			continue
		}
		found := false
		for _, lp := range r.Block.Nested("log_publishing_options") {
			t, st := lp.String("log_type")
			on, est := lp.Bool("enabled")
			if st == iac.Unknown || st == iac.Known && t == "AUDIT_LOGS" && (est != iac.Known || on) {
				found = true
			}
		}
		if !found {
			out = append(out, m.New(r, nil, "no log_publishing_options block publishes AUDIT_LOGS", nil, ""))
		}
	}
	return out
}
