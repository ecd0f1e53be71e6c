package fixers

// iamPasswordLowercase: the account password policy requires a lowercase letter, so passwords are harder to guess.
var iamPasswordLowercase = Rule{Meta: iamPasswordLowercaseMeta, Check: checkIamPasswordLowercase}

var iamPasswordLowercaseMeta = Meta{
	ID:            "aws-iam-password-lowercase",
	Title:         "IAM password policy does not require a lowercase letter",
	Severity:      Medium,
	Class:         ClassIAM,
	ResourceTypes: []string{"aws_iam_account_password_policy"},
	Touches: []Touch{
		{ResourceType: "aws_iam_account_password_policy", Paths: []string{"require_lowercase_characters"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0058", Tfsec: "aws-iam-require-lowercase-in-passwords", Checkov: "CKV_AWS_11"},
}

func checkIamPasswordLowercase(in *Input) []Finding {
	return eachTrue(in, iamPasswordLowercaseMeta, "require_lowercase_characters",
		"require_lowercase_characters is not set, so it is off",
		"require_lowercase_characters is false", "aws_iam_account_password_policy")
}
