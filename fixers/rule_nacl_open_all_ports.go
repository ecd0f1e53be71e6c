package fixers

// naclOpenAllPorts: no network ACL lets the whole internet in on every port.
var naclOpenAllPorts = Rule{Meta: naclOpenAllPortsMeta, Check: checkNACLOpenAllPorts}

var naclOpenAllPortsMeta = Meta{
	ID:            "aws-nacl-open-all-ports",
	Title:         "Network ACL allows every port from the internet",
	Severity:      High,
	Class:         ClassNetworkExposure,
	ResourceTypes: []string{"aws_network_acl", "aws_network_acl_rule"},
	Refs:          Refs{Trivy: "AVD-AWS-0102", Tfsec: "aws-ec2-no-excessive-port-access", Checkov: "CKV_AWS_352"},
	NoFix:         naclNoFix,
}

func checkNACLOpenAllPorts(in *Input) []Finding {
	return checkNACLIngress(in, naclOpenAllPortsMeta, func(t sgTraffic) bool { return t.allPorts() })
}
