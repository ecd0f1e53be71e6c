package fixers

// sgOpenAllPorts: no ingress lets the whole internet reach every port.
var sgOpenAllPorts = Rule{Meta: sgOpenAllPortsMeta, Check: checkSGOpenAllPorts}

var sgOpenAllPortsMeta = Meta{
	ID:            "aws-sg-open-all-ports",
	Title:         "Security group allows all ports from the internet",
	Severity:      Critical,
	Class:         ClassNetworkExposure,
	ResourceTypes: sgResourceTypes,
	Refs:          Refs{Trivy: "AVD-AWS-0107", Tfsec: "aws-ec2-no-public-ingress-sgr", Checkov: "CKV_AWS_277"},
	NoFix:         sgNoFix,
}

func checkSGOpenAllPorts(in *Input) []Finding {
	return checkOpenIngress(in, sgOpenAllPortsMeta, sgTraffic.allPorts)
}
