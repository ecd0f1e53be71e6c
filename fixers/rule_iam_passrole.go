package fixers

// iamPassRole: a policy that lets a principal pass roles says to which
// services (a condition on iam:PassedToService). Unconditioned, anyone who
// holds it can hand a powerful role to a new Lambda function or instance
// and act as that role: privilege escalation.
var iamPassRole = Rule{Meta: iamPassRoleMeta, Check: checkIAMPassRole}

var iamPassRoleMeta = Meta{
	ID:            "aws-iam-passrole",
	Title:         "IAM policy allows iam:PassRole without a condition",
	Severity:      Medium,
	Class:         ClassIAM,
	ResourceTypes: []string{"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role", "aws_iam_policy_document"},
	Refs:          Refs{Trivy: "AVD-AWS-0342", Tfsec: "aws-iam-filter-passrole-access", Checkov: "CKV_AWS_286"},
	NoFix:         iamNoFix + `; name the roles in Resource and add a condition such as "iam:PassedToService"`,
}

func checkIAMPassRole(in *Input) []Finding {
	m := iamPassRoleMeta
	var out []Finding
	for _, st := range iamAllows(in.Module, "iam:PassRole") {
		if st.condition {
			continue
		}
		rng := st.rng
		out = append(out, m.New(st.res, &rng, st.label+" allows iam:PassRole without a condition", nil, ""))
	}
	return out
}
