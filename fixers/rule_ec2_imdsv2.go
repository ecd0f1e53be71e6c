package fixers

import "github.com/driftfix/driftfix/iac"

// ec2IMDSv2: EC2 instances require IMDSv2 session tokens, so a request
// forged through the instance (SSRF) cannot read its role's credentials.
var ec2IMDSv2 = Rule{Meta: ec2IMDSv2Meta, Check: checkEC2IMDSv2}

var ec2IMDSv2Meta = Meta{
	ID:            "aws-ec2-imdsv2",
	Title:         "EC2 instance does not require IMDSv2",
	Severity:      High,
	Class:         ClassIMDS,
	ResourceTypes: []string{"aws_instance"},
	Touches: []Touch{
		{ResourceType: "aws_instance", Paths: []string{"metadata_options[0].http_tokens"}, Safe: SafeIs("required")},
	},
	Refs: Refs{Trivy: "AVD-AWS-0028", Tfsec: "aws-ec2-enforce-http-token-imds", Checkov: "CKV_AWS_79"},
}

func checkEC2IMDSv2(in *Input) []Finding {
	var rs []*iac.Resource
	for _, r := range resources(in.Module, "aws_instance") {
		// Launched from a launch template and silent on metadata options:
		// the template decides (aws-launch-template-imdsv2 checks it).
		if r.Block.First("launch_template") != nil && r.Block.First("metadata_options") == nil {
			continue
		}
		rs = append(rs, r)
	}
	return checkIMDSTokens(ec2IMDSv2Meta, rs)
}
