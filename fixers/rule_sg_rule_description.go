package fixers

import (
	"github.com/driftfix/driftfix/iac"
)

// sgRuleDescription: every security group rule says why it exists, so the
// next reviewer can tell a needed opening from a forgotten one.
var sgRuleDescription = Rule{Meta: sgRuleDescriptionMeta, Check: checkSGRuleDescription}

var sgRuleDescriptionMeta = Meta{
	ID:            "aws-sg-rule-description",
	Title:         "Security group rule has no description",
	Severity:      Low,
	Class:         ClassNetworkExposure,
	ResourceTypes: []string{"aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"},
	Refs:          Refs{Trivy: "AVD-AWS-0124", Tfsec: "aws-ec2-add-description-to-security-group-rule", Checkov: "CKV_AWS_23"},
	NoFix:         "a description is a person's account of why the rule exists; driftfix cannot write it",
}

func checkSGRuleDescription(in *Input) []Finding {
	m := sgRuleDescriptionMeta
	var out []Finding
	report := func(r *iac.Resource, b *iac.Block, where string) {
		if isSet(b, "description") {
			return
		}
		at := rangeOf(b, "description")
		if at == nil && b != r.Block {
			at = blockRange(b)
		}
		out = append(out, m.New(r, at, where+" has no description", nil, ""))
	}
	for _, r := range resources(in.Module, "aws_security_group") {
		for _, typ := range []string{"ingress", "egress"} {
			for _, b := range r.Block.Nested(typ) {
				if !b.Dynamic {
					report(r, b, typ+" block")
				}
			}
		}
	}
	for _, r := range resources(in.Module, "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule") {
		report(r, r.Block, "rule")
	}
	return out
}
