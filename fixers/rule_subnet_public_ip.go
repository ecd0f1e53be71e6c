package fixers

import "github.com/driftfix/driftfix/iac"

// subnetPublicIP: instances launched into a subnet do not get a public IP
// address unless they ask for one.
var subnetPublicIP = Rule{Meta: subnetPublicIPMeta, Check: checkSubnetPublicIP}

var subnetPublicIPMeta = Meta{
	ID:            "aws-subnet-public-ip",
	Title:         "Subnet gives every instance a public IP address",
	Severity:      Medium,
	Class:         ClassNetworkExposure,
	ResourceTypes: []string{"aws_subnet"},
	Refs:          Refs{Trivy: "AVD-AWS-0164", Tfsec: "aws-ec2-no-public-ip-subnet", Checkov: "CKV_AWS_130"},
	NoFix:         "a public subnet may need public addresses (load balancers, NAT gateways, bastions); give the instances that need one associate_public_ip_address = true and turn map_public_ip_on_launch off by hand",
}

func checkSubnetPublicIP(in *Input) []Finding {
	m := subnetPublicIPMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_subnet") {
		if on, st := r.Block.Bool("map_public_ip_on_launch"); st == iac.Known && on {
			out = append(out, m.New(r, rangeOf(r.Block, "map_public_ip_on_launch"), "map_public_ip_on_launch is true", nil, ""))
		}
	}
	return out
}
