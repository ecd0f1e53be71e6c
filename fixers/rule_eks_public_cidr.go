package fixers

import (
	"net/netip"
	"strings"

	"github.com/driftfix/driftfix/iac"
)

// eksPublicCIDR: when the cluster API is public, it accepts connections
// only from known address ranges, not from the whole internet.
var eksPublicCIDR = Rule{Meta: eksPublicCIDRMeta, Check: checkEKSPublicCIDR}

var eksPublicCIDRMeta = Meta{
	ID:            "aws-eks-public-cidr",
	Title:         "EKS public API endpoint is open to the whole internet",
	Severity:      High,
	Class:         ClassNetworkExposure,
	ResourceTypes: []string{"aws_eks_cluster"},
	Refs:          Refs{Trivy: "AVD-AWS-0041", Tfsec: "aws-eks-no-public-cluster-access-to-cidr", Checkov: "CKV_AWS_38"},
	NoFix:         "which ranges need the API (offices, VPN egress, CI runners) is for the cluster's owners to say; list them in vpc_config.public_access_cidrs",
}

func checkEKSPublicCIDR(in *Input) []Finding {
	m := eksPublicCIDRMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_eks_cluster") {
		vc := r.Block.First("vpc_config")
		if vc == nil || vc.Dynamic {
			continue // vpc_config is required; without it the configuration does not plan
		}
		if on, st := vc.Bool("endpoint_public_access"); st == iac.Unknown || st == iac.Known && !on {
			continue
		}
		cidrs, st := vc.Strings("public_access_cidrs")
		switch st {
		case iac.Unknown:
			continue
		case iac.Absent:
			out = append(out, m.New(r, blockRange(vc), "the API endpoint is public and public_access_cidrs is not set, so it is 0.0.0.0/0", nil, ""))
			continue
		}
		for _, c := range cidrs {
			if p, err := netip.ParsePrefix(strings.TrimSpace(c)); err == nil && p.Bits() == 0 {
				out = append(out, m.New(r, rangeOf(vc, "public_access_cidrs"), "public_access_cidrs allows "+c, nil, ""))
				break
			}
		}
	}
	return out
}
