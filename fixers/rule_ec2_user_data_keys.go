package fixers

// ec2UserDataKeys: an instance's user data holds no AWS access keys. Any
// process on the host can read user data from the metadata service, and it
// is stored in plain text in the Terraform state.
var ec2UserDataKeys = Rule{Meta: ec2UserDataKeysMeta, Check: checkEC2UserDataKeys}

var ec2UserDataKeysMeta = Meta{
	ID:            "aws-ec2-user-data-keys",
	Title:         "EC2 instance user data contains AWS access keys",
	Severity:      Critical,
	Class:         ClassIAM,
	ResourceTypes: []string{"aws_instance"},
	Refs:          Refs{Trivy: "AVD-AWS-0029", Tfsec: "aws-ec2-no-secrets-in-user-data", Checkov: "CKV_AWS_46"},
	NoFix:         userDataNoFix,
}

func checkEC2UserDataKeys(in *Input) []Finding {
	m := ec2UserDataKeysMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_instance") {
		if attr, what := userDataKeys(r); attr != "" {
			out = append(out, m.New(r, rangeOf(r.Block, attr), attr+" contains "+what, nil, ""))
		}
	}
	return out
}
