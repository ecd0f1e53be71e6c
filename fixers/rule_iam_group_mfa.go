package fixers

import (
	"strings"

	"github.com/driftfix/driftfix/iac"
)

// iamGroupMFA: a group's policies require multi-factor authentication
// (a condition on aws:MultiFactorAuthPresent), so a stolen password alone
// does not carry the group's permissions.
var iamGroupMFA = Rule{Meta: iamGroupMFAMeta, Check: checkIAMGroupMFA}

var iamGroupMFAMeta = Meta{
	ID:            "aws-iam-group-mfa",
	Title:         "IAM group does not require MFA",
	Severity:      Medium,
	Class:         ClassIAM,
	ResourceTypes: []string{"aws_iam_group", "aws_iam_group_policy"},
	Refs:          Refs{Trivy: "AVD-AWS-0123", Tfsec: "aws-iam-enforce-group-mfa"},
	NoFix:         "requiring MFA locks out members who have not set up a device; enrol them, then add a statement that denies everything without aws:MultiFactorAuthPresent by hand",
}

func checkIAMGroupMFA(in *Input) []Finding {
	m := iamGroupMFAMeta
	var out []Finding
	for _, g := range resources(in.Module, "aws_iam_group") {
		mfa, unsure := false, false
		for _, p := range in.Module.Referrers(g, "aws_iam_group_policy", "group", "name") {
			a := p.Block.Attr("policy")
			if a == nil {
				continue
			}
			if strings.Contains(string(a.Range.SliceBytes(p.File.Src)), "aws:MultiFactorAuthPresent") {
				mfa = true
			} else if _, st := p.Block.String("policy"); st != iac.Known {
				unsure = true // a policy built elsewhere (a policy document data source, a variable)
			}
		}
		if mfa || unsure {
			continue
		}
		out = append(out, m.New(g, nil, "no policy of the group requires aws:MultiFactorAuthPresent", nil, ""))
	}
	return out
}
