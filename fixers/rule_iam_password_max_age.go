package fixers

import (
	"fmt"

	"github.com/driftfix/driftfix/iac"
)

// iamPasswordMaxAge: passwords expire after at most 90 days. Reported at
// low severity: NIST SP 800-63B advises against forced periodic changes,
// which lead to predictable passwords; some compliance regimes still ask
// for them.
var iamPasswordMaxAge = Rule{Meta: iamPasswordMaxAgeMeta, Check: checkIAMPasswordMaxAge}

var iamPasswordMaxAgeMeta = Meta{
	ID:            "aws-iam-password-max-age",
	Title:         "IAM password policy does not expire passwords within 90 days",
	Severity:      Low,
	Class:         ClassIAM,
	ResourceTypes: []string{"aws_iam_account_password_policy"},
	Refs:          Refs{Trivy: "AVD-AWS-0062", Tfsec: "aws-iam-set-max-password-age", Checkov: "CKV_AWS_9"},
	NoFix:         "forced expiry is a policy choice (NIST SP 800-63B advises against it); if your compliance regime asks for it, set max_password_age = 90 by hand",
}

func checkIAMPasswordMaxAge(in *Input) []Finding {
	m := iamPasswordMaxAgeMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_iam_account_password_policy") {
		v, st := r.Block.Number("max_password_age")
		switch {
		case st == iac.Unknown || st == iac.Known && v >= 1 && v <= 90:
		case st == iac.Absent || v == 0:
			out = append(out, m.New(r, rangeOf(r.Block, "max_password_age"), "max_password_age is not set, so passwords never expire", nil, ""))
		default:
			out = append(out, m.New(r, rangeOf(r.Block, "max_password_age"), fmt.Sprintf("max_password_age is %g, more than 90 days", v), nil, ""))
		}
	}
	return out
}
