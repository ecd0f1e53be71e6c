package fixers

// launchTemplateUserDataKeys: a launch template's or launch configuration's
// user data holds no AWS access keys; every instance launched from it
// would carry them.
var launchTemplateUserDataKeys = Rule{Meta: launchTemplateUserDataKeysMeta, Check: checkLaunchTemplateUserDataKeys}

var launchTemplateUserDataKeysMeta = Meta{
	ID:            "aws-launch-template-user-data-keys",
	Title:         "Launch template user data contains AWS access keys",
	Severity:      Critical,
	Class:         ClassIAM,
	ResourceTypes: []string{"aws_launch_template", "aws_launch_configuration"},
	Refs:          Refs{Trivy: "AVD-AWS-0129", Tfsec: "aws-ec2-no-secrets-in-launch-template-user-data", Checkov: "CKV_AWS_46"},
	NoFix:         userDataNoFix,
}

func checkLaunchTemplateUserDataKeys(in *Input) []Finding {
	m := launchTemplateUserDataKeysMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_launch_template", "aws_launch_configuration") {
		if attr, what := userDataKeys(r); attr != "" {
			out = append(out, m.New(r, rangeOf(r.Block, attr), attr+" contains "+what, nil, ""))
		}
	}
	return out
}
