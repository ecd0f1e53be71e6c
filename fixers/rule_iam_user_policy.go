package fixers

import "github.com/driftfix/driftfix/iac"

// iamUserPolicy: permissions go to groups and roles, not to single users,
// so they are granted and withdrawn in one place.
var iamUserPolicy = Rule{Meta: iamUserPolicyMeta, Check: checkIAMUserPolicy}

var iamUserPolicyMeta = Meta{
	ID:            "aws-iam-user-policy",
	Title:         "IAM policy is attached directly to a user",
	Severity:      Low,
	Class:         ClassIAM,
	ResourceTypes: []string{"aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_policy_attachment"},
	Refs:          Refs{Trivy: "AVD-AWS-0143", Tfsec: "aws-iam-no-user-attached-policies", Checkov: "CKV_AWS_40"},
	NoFix:         "moving a user's permissions to a group or role changes who has them; create the group, attach the policy there and add the user by hand",
}

func checkIAMUserPolicy(in *Input) []Finding {
	m := iamUserPolicyMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_iam_user_policy") {
		out = append(out, m.New(r, nil, "inline policy on a user", nil, ""))
	}
	for _, r := range resources(in.Module, "aws_iam_user_policy_attachment") {
		out = append(out, m.New(r, nil, "managed policy attached to a user", nil, ""))
	}
	for _, r := range resources(in.Module, "aws_iam_policy_attachment") {
		if users, st := r.Block.Strings("users"); st == iac.Unknown || st == iac.Known && len(users) > 0 {
			out = append(out, m.New(r, rangeOf(r.Block, "users"), "policy attached to users", nil, ""))
		}
	}
	return out
}
