package fixers

// cloudtrailLogValidation: CloudTrail writes signed digest files next to its
// logs, so a changed or deleted log file can be detected.
var cloudtrailLogValidation = Rule{Meta: cloudtrailLogValidationMeta, Check: checkCloudtrailLogValidation}

var cloudtrailLogValidationMeta = Meta{
	ID:            "aws-cloudtrail-log-validation",
	Title:         "CloudTrail log file validation is not enabled",
	Severity:      Medium,
	Class:         ClassLogging,
	ResourceTypes: []string{"aws_cloudtrail"},
	Touches: []Touch{
		{ResourceType: "aws_cloudtrail", Paths: []string{"enable_log_file_validation"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0016", Tfsec: "aws-cloudtrail-enable-log-validation", Checkov: "CKV_AWS_36"},
}

func checkCloudtrailLogValidation(in *Input) []Finding {
	m := cloudtrailLogValidationMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_cloudtrail") {
		out = append(out, wantTrue(m, r, "enable_log_file_validation",
			"enable_log_file_validation is not set, so log files are not validated",
			"enable_log_file_validation is false")...)
	}
	return out
}
