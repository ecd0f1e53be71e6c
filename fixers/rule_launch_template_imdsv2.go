package fixers

// launchTemplateIMDSv2: instances launched from a launch template (or a
// launch configuration) require IMDSv2 session tokens.
var launchTemplateIMDSv2 = Rule{Meta: launchTemplateIMDSv2Meta, Check: checkLaunchTemplateIMDSv2}

var launchTemplateIMDSv2Meta = Meta{
	ID:            "aws-launch-template-imdsv2",
	Title:         "Launch template does not require IMDSv2",
	Severity:      High,
	Class:         ClassIMDS,
	ResourceTypes: []string{"aws_launch_template", "aws_launch_configuration"},
	Touches: []Touch{
		{ResourceType: "aws_launch_template", Paths: []string{"metadata_options[0].http_tokens"}, Safe: SafeIs("required")},
		{ResourceType: "aws_launch_configuration", Paths: []string{"metadata_options[0].http_tokens"}, Safe: SafeIs("required")},
	},
	Refs: Refs{Trivy: "AVD-AWS-0130", Tfsec: "aws-ec2-enforce-launch-config-http-token-imds", Checkov: "CKV_AWS_79"},
}

func checkLaunchTemplateIMDSv2(in *Input) []Finding {
	return checkIMDSTokens(launchTemplateIMDSv2Meta, resources(in.Module, "aws_launch_template", "aws_launch_configuration"))
}
