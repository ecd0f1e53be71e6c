package fixers

import "github.com/driftfix/driftfix/iac"

// eksPublicEndpoint: the cluster's Kubernetes API is reachable only from
// inside the VPC.
var eksPublicEndpoint = Rule{Meta: eksPublicEndpointMeta, Check: checkEKSPublicEndpoint}

var eksPublicEndpointMeta = Meta{
	ID:            "aws-eks-public-endpoint",
	Title:         "EKS cluster API endpoint is public",
	Severity:      High,
	Class:         ClassNetworkExposure,
	ResourceTypes: []string{"aws_eks_cluster"},
	Refs:          Refs{Trivy: "AVD-AWS-0040", Tfsec: "aws-eks-no-public-cluster-access", Checkov: "CKV_AWS_39"},
	NoFix:         "turning the public endpoint off cuts off kubectl, CI and every tool outside the VPC; give them a way in (VPN, bastion, private CI runners) and turn on endpoint_private_access first",
}

func checkEKSPublicEndpoint(in *Input) []Finding {
	m := eksPublicEndpointMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_eks_cluster") {
		vc := r.Block.First("vpc_config")
		if vc == nil || vc.Dynamic {
			continue // vpc_config is required; without it the configuration does not plan
		}
		switch on, st := vc.Bool("endpoint_public_access"); {
		case st == iac.Absent:
			out = append(out, m.New(r, blockRange(vc), "vpc_config does not set endpoint_public_access, so it is true", nil, ""))
		case st == iac.Known && on:
			out = append(out, m.New(r, rangeOf(vc, "endpoint_public_access"), "vpc_config.endpoint_public_access is true", nil, ""))
		}
	}
	return out
}
