package fixers

// cloudwatchLogGroupCMK: a log group encrypts its events with a KMS key the
// account controls.
var cloudwatchLogGroupCMK = Rule{Meta: cloudwatchLogGroupCMKMeta, Check: checkCloudwatchLogGroupCMK}

var cloudwatchLogGroupCMKMeta = Meta{
	ID:            "aws-cloudwatch-log-group-cmk",
	Title:         "CloudWatch log group does not encrypt with a customer-managed KMS key",
	Severity:      Low,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_cloudwatch_log_group"},
	Refs:          Refs{Trivy: "AVD-AWS-0017", Tfsec: "aws-cloudwatch-log-group-customer-key", Checkov: "CKV_AWS_158"},
	NoFix:         cmkNoFix + " (the key policy must also let the CloudWatch Logs service of the region use it)",
}

func checkCloudwatchLogGroupCMK(in *Input) []Finding {
	m := cloudwatchLogGroupCMKMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_cloudwatch_log_group") {
		out = append(out, wantKey(m, r, r.Block, "kms_key_id", "kms_key_id is not set, so events are encrypted with a key CloudWatch Logs owns")...)
	}
	return out
}
