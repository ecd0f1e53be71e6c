package fixers

// sgOpenRDP: no ingress lets the whole internet reach RDP (tcp and udp 3389).
var sgOpenRDP = Rule{Meta: sgOpenRDPMeta, Check: checkSGOpenRDP}

var sgOpenRDPMeta = Meta{
	ID:            "aws-sg-open-rdp",
	Title:         "Security group allows RDP (port 3389) from the internet",
	Severity:      Critical,
	Class:         ClassNetworkExposure,
	ResourceTypes: sgResourceTypes,
	Refs:          Refs{Trivy: "AVD-AWS-0107", Tfsec: "aws-ec2-no-public-ingress-sgr", Checkov: "CKV_AWS_25"},
	NoFix:         sgNoFix,
}

func checkSGOpenRDP(in *Input) []Finding {
	return checkOpenIngress(in, sgOpenRDPMeta, func(t sgTraffic) bool {
		return t.reaches("tcp", 3389) || t.reaches("udp", 3389)
	})
}
