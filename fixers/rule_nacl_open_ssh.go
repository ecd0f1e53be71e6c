package fixers

// naclOpenSSH: no network ACL lets the whole internet reach SSH (port 22).
var naclOpenSSH = Rule{Meta: naclOpenSSHMeta, Check: checkNACLOpenSSH}

var naclOpenSSHMeta = Meta{
	ID:            "aws-nacl-open-ssh",
	Title:         "Network ACL allows SSH (port 22) from the internet",
	Severity:      Medium,
	Class:         ClassNetworkExposure,
	ResourceTypes: []string{"aws_network_acl", "aws_network_acl_rule"},
	Refs:          Refs{Trivy: "AVD-AWS-0105", Tfsec: "aws-ec2-no-public-ingress-acl", Checkov: "CKV_AWS_232"},
	NoFix:         naclNoFix,
}

func checkNACLOpenSSH(in *Input) []Finding {
	return checkNACLIngress(in, naclOpenSSHMeta, func(t sgTraffic) bool { return t.reaches("tcp", 22) })
}
