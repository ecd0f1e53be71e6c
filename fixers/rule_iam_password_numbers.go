package fixers

// iamPasswordNumbers: the account password policy requires a number, so passwords are harder to guess.
var iamPasswordNumbers = Rule{Meta: iamPasswordNumbersMeta, Check: checkIamPasswordNumbers}

var iamPasswordNumbersMeta = Meta{
	ID:            "aws-iam-password-numbers",
	Title:         "IAM password policy does not require a number",
	Severity:      Medium,
	Class:         ClassIAM,
	ResourceTypes: []string{"aws_iam_account_password_policy"},
	Touches: []Touch{
		{ResourceType: "aws_iam_account_password_policy", Paths: []string{"require_numbers"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0059", Tfsec: "aws-iam-require-numbers-in-passwords", Checkov: "CKV_AWS_12"},
}

func checkIamPasswordNumbers(in *Input) []Finding {
	return eachTrue(in, iamPasswordNumbersMeta, "require_numbers",
		"require_numbers is not set, so it is off",
		"require_numbers is false", "aws_iam_account_password_policy")
}
