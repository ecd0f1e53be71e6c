package fixers

import "github.com/driftfix/driftfix/iac"

// mqAuditLogs: an ActiveMQ broker logs management actions (who created or
// deleted which destination) to CloudWatch Logs.
var mqAuditLogs = Rule{Meta: mqAuditLogsMeta, Check: checkMQAuditLogs}

var mqAuditLogsMeta = Meta{
	ID:            "aws-mq-audit-logs",
	Title:         "MQ broker does not publish audit logs",
	Severity:      Medium,
	Class:         ClassLogging,
	ResourceTypes: []string{"aws_mq_broker"},
	Touches: []Touch{
		{ResourceType: "aws_mq_broker", Paths: []string{"logs[0].audit"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0070", Tfsec: "aws-mq-enable-audit-logging", Checkov: "CKV_AWS_197"},
}

func checkMQAuditLogs(in *Input) []Finding {
	m := mqAuditLogsMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_mq_broker") {
		if e, st := r.Block.String("engine_type"); st != iac.Known || e != "ActiveMQ" {
			continue // RabbitMQ brokers have no audit log
		}
		out = append(out, wantNested(m, r, "logs", "audit", is("true"), "true", "")...)
	}
	return out
}
