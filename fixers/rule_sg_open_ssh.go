package fixers

// sgOpenSSH: no ingress lets the whole internet reach SSH (tcp/22).
var sgOpenSSH = Rule{Meta: sgOpenSSHMeta, Check: checkSGOpenSSH}

var sgOpenSSHMeta = Meta{
	ID:            "aws-sg-open-ssh",
	Title:         "Security group allows SSH (port 22) from the internet",
	Severity:      Critical,
	Class:         ClassNetworkExposure,
	ResourceTypes: sgResourceTypes,
	Refs:          Refs{Trivy: "AVD-AWS-0107", Tfsec: "aws-ec2-no-public-ingress-sgr", Checkov: "CKV_AWS_24"},
	NoFix:         sgNoFix,
}

func checkSGOpenSSH(in *Input) []Finding {
	return checkOpenIngress(in, sgOpenSSHMeta, func(t sgTraffic) bool { return t.reaches("tcp", 22) })
}
