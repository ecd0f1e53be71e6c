package fixers

// naclOpenRDP: no network ACL lets the whole internet reach RDP (port 3389).
var naclOpenRDP = Rule{Meta: naclOpenRDPMeta, Check: checkNACLOpenRDP}

var naclOpenRDPMeta = Meta{
	ID:            "aws-nacl-open-rdp",
	Title:         "Network ACL allows RDP (port 3389) from the internet",
	Severity:      Medium,
	Class:         ClassNetworkExposure,
	ResourceTypes: []string{"aws_network_acl", "aws_network_acl_rule"},
	Refs:          Refs{Trivy: "AVD-AWS-0105", Tfsec: "aws-ec2-no-public-ingress-acl", Checkov: "CKV_AWS_231"},
	NoFix:         naclNoFix,
}

func checkNACLOpenRDP(in *Input) []Finding {
	return checkNACLIngress(in, naclOpenRDPMeta, func(t sgTraffic) bool { return t.reaches("tcp", 3389) })
}
