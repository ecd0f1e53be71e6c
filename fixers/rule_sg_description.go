package fixers

import (
	"strconv"

	"github.com/driftfix/driftfix/iac"
)

// sgDescription: a security group says what it is for. Without one the
// provider writes "Managed by Terraform", which says nothing.
var sgDescription = Rule{Meta: sgDescriptionMeta, Check: checkSGDescription}

var sgDescriptionMeta = Meta{
	ID:            "aws-sg-description",
	Title:         "Security group has no description",
	Severity:      Low,
	Class:         ClassNetworkExposure,
	ResourceTypes: []string{"aws_security_group"},
	Refs:          Refs{Trivy: "AVD-AWS-0099", Tfsec: "aws-ec2-add-description-to-security-group", Checkov: "CKV_AWS_23"},
	NoFix:         "a description is a person's words, and changing it replaces the security group (AWS cannot rename one), which detaches it from everything that uses it",
}

func checkSGDescription(in *Input) []Finding {
	m := sgDescriptionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_security_group") {
		v, st := r.Block.String("description")
		switch {
		case st == iac.Unknown || st == iac.Known && v != "" && v != "Managed by Terraform":
			continue
		case st == iac.Absent:
			out = append(out, m.New(r, nil, `description is not set, so it is "Managed by Terraform"`, nil, ""))
		default:
			out = append(out, m.New(r, rangeOf(r.Block, "description"), "description is "+strconv.Quote(v), nil, ""))
		}
	}
	return out
}
