package fixers

import (
	"fmt"
)

// sgOpenEgress: no egress rule lets an instance send anything anywhere. A
// compromised host with open egress can reach any command-and-control server
// and upload whatever it reads.
var sgOpenEgress = Rule{Meta: sgOpenEgressMeta, Check: checkSGOpenEgress}

var sgOpenEgressMeta = Meta{
	ID:            "aws-sg-open-egress",
	Title:         "Security group allows egress to the whole internet",
	Severity:      Medium,
	Class:         ClassNetworkExposure,
	ResourceTypes: []string{"aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_egress_rule"},
	Refs:          Refs{Trivy: "AVD-AWS-0104", Tfsec: "aws-ec2-no-public-egress-sgr", Checkov: "CKV_AWS_382"},
	NoFix:         "which destinations a workload needs (package mirrors, AWS APIs through VPC endpoints, partners) only its owners know; list them, or route egress through a proxy or NAT with a firewall",
}

func checkSGOpenEgress(in *Input) []Finding {
	m := sgOpenEgressMeta
	var out []Finding
	for _, p := range egressPermissions(in.Module) {
		attr, cidr, ok := p.world()
		if !ok {
			continue
		}
		what := "traffic"
		if t, ok := p.traffic(); ok {
			what = t.String()
		}
		out = append(out, m.New(p.res, rangeOf(p.block, attr), fmt.Sprintf("%s allows %s to %s", p.where, what, cidr), nil, ""))
	}
	return out
}
