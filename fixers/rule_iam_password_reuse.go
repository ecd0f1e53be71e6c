package fixers

// iamPasswordReuse: a new password may not be one of the last ones, so a
// leaked old password cannot simply come back.
var iamPasswordReuse = Rule{Meta: iamPasswordReuseMeta, Check: checkIAMPasswordReuse}

var iamPasswordReuseMeta = Meta{
	ID:            "aws-iam-password-reuse",
	Title:         "IAM password policy allows reusing recent passwords",
	Severity:      Medium,
	Class:         ClassIAM,
	ResourceTypes: []string{"aws_iam_account_password_policy"},
	Touches: []Touch{
		{ResourceType: "aws_iam_account_password_policy", Paths: []string{"password_reuse_prevention"}, Safe: SafeMin(24)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0056", Tfsec: "aws-iam-no-password-reuse", Checkov: "CKV_AWS_13"},
}

// A finding means fewer than 5 remembered passwords (trivy's line); the fix
// writes 24, the most AWS remembers (the CIS benchmark and checkov's line).
func checkIAMPasswordReuse(in *Input) []Finding {
	return passwordAtLeast(in, iamPasswordReuseMeta, "password_reuse_prevention", 0, 5, 24)
}
