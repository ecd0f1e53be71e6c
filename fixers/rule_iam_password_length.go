package fixers

// iamPasswordLength: account passwords are at least 14 characters long.
var iamPasswordLength = Rule{Meta: iamPasswordLengthMeta, Check: checkIAMPasswordLength}

var iamPasswordLengthMeta = Meta{
	ID:            "aws-iam-password-length",
	Title:         "IAM password policy allows passwords shorter than 14 characters",
	Severity:      Medium,
	Class:         ClassIAM,
	ResourceTypes: []string{"aws_iam_account_password_policy"},
	Touches: []Touch{
		{ResourceType: "aws_iam_account_password_policy", Paths: []string{"minimum_password_length"}, Safe: SafeMin(14)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0063", Tfsec: "aws-iam-set-minimum-password-length", Checkov: "CKV_AWS_10"},
}

func checkIAMPasswordLength(in *Input) []Finding {
	// AWS's default minimum is 8 characters.
	return passwordAtLeast(in, iamPasswordLengthMeta, "minimum_password_length", 8, 14, 14)
}
