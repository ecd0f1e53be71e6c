package fixers

// mqGeneralLogs: an MQ broker publishes its general log to CloudWatch Logs.
var mqGeneralLogs = Rule{Meta: mqGeneralLogsMeta, Check: checkMQGeneralLogs}

var mqGeneralLogsMeta = Meta{
	ID:            "aws-mq-general-logs",
	Title:         "MQ broker does not publish general logs",
	Severity:      Low,
	Class:         ClassLogging,
	ResourceTypes: []string{"aws_mq_broker"},
	Touches: []Touch{
		{ResourceType: "aws_mq_broker", Paths: []string{"logs[0].general"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0071", Tfsec: "aws-mq-enable-general-logging", Checkov: "CKV_AWS_48"},
}

func checkMQGeneralLogs(in *Input) []Finding {
	m := mqGeneralLogsMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_mq_broker") {
		out = append(out, wantNested(m, r, "logs", "general", is("true"), "true", "")...)
	}
	return out
}
