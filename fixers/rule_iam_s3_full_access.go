package fixers

// iamS3FullAccess: no policy grants every S3 action ("s3:*"), which
// includes deleting buckets, rewriting bucket policies and turning off
// public access blocks.
var iamS3FullAccess = Rule{Meta: iamS3FullAccessMeta, Check: checkIAMS3FullAccess}

var iamS3FullAccessMeta = Meta{
	ID:            "aws-iam-s3-full-access",
	Title:         `IAM policy allows every S3 action ("s3:*")`,
	Severity:      High,
	Class:         ClassIAM,
	ResourceTypes: []string{"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role", "aws_iam_policy_document"},
	Refs:          Refs{Trivy: "AVD-AWS-0345", Tfsec: "aws-iam-no-s3-full-access"},
	NoFix:         iamNoFix + "; list the S3 actions the principal uses (s3:GetObject, s3:PutObject, …)",
}

func checkIAMS3FullAccess(in *Input) []Finding {
	m := iamS3FullAccessMeta
	var out []Finding
	for _, st := range iamAllows(in.Module, "s3:*") {
		rng := st.rng
		out = append(out, m.New(st.res, &rng, st.label+` allows "s3:*"`, nil, ""))
	}
	return out
}
