package fixers

// iamPasswordSymbols: the account password policy requires a symbol, so passwords are harder to guess.
var iamPasswordSymbols = Rule{Meta: iamPasswordSymbolsMeta, Check: checkIamPasswordSymbols}

var iamPasswordSymbolsMeta = Meta{
	ID:            "aws-iam-password-symbols",
	Title:         "IAM password policy does not require a symbol",
	Severity:      Medium,
	Class:         ClassIAM,
	ResourceTypes: []string{"aws_iam_account_password_policy"},
	Touches: []Touch{
		{ResourceType: "aws_iam_account_password_policy", Paths: []string{"require_symbols"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0060", Tfsec: "aws-iam-require-symbols-in-passwords", Checkov: "CKV_AWS_14"},
}

func checkIamPasswordSymbols(in *Input) []Finding {
	return eachTrue(in, iamPasswordSymbolsMeta, "require_symbols",
		"require_symbols is not set, so it is off",
		"require_symbols is false", "aws_iam_account_password_policy")
}
