package fixers

// iamPasswordUppercase: the account password policy requires an uppercase letter, so passwords are harder to guess.
var iamPasswordUppercase = Rule{Meta: iamPasswordUppercaseMeta, Check: checkIamPasswordUppercase}

var iamPasswordUppercaseMeta = Meta{
	ID:            "aws-iam-password-uppercase",
	Title:         "IAM password policy does not require an uppercase letter",
	Severity:      Medium,
	Class:         ClassIAM,
	ResourceTypes: []string{"aws_iam_account_password_policy"},
	Touches: []Touch{
		{ResourceType: "aws_iam_account_password_policy", Paths: []string{"require_uppercase_characters"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0061", Tfsec: "aws-iam-require-uppercase-in-passwords", Checkov: "CKV_AWS_15"},
}

func checkIamPasswordUppercase(in *Input) []Finding {
	return eachTrue(in, iamPasswordUppercaseMeta, "require_uppercase_characters",
		"require_uppercase_characters is not set, so it is off",
		"require_uppercase_characters is false", "aws_iam_account_password_policy")
}
