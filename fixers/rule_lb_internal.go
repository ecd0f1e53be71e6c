package fixers

import "github.com/driftfix/driftfix/iac"

// lbInternal: a load balancer faces the internet only when it is meant to.
// Reported at low severity: most internet-facing load balancers are so on
// purpose; the finding asks that it be a decision.
var lbInternal = Rule{Meta: lbInternalMeta, Check: checkLBInternal}

var lbInternalMeta = Meta{
	ID:            "aws-lb-internal",
	Title:         "Load balancer is internet-facing",
	Severity:      Low,
	Class:         ClassNetworkExposure,
	ResourceTypes: append([]string{"aws_elb"}, lbTypes...),
	Refs:          Refs{Trivy: "AVD-AWS-0053", Tfsec: "aws-elb-alb-not-public"},
	NoFix:         "whether a load balancer serves the internet is the service's design; internal can only be set when it is created (the change replaces it and its DNS name); if it should be private, set internal = true and plan the switch by hand, otherwise ignore the finding with a reason",
}

func checkLBInternal(in *Input) []Finding {
	m := lbInternalMeta
	var out []Finding
	for _, r := range resources(in.Module, append([]string{"aws_elb"}, lbTypes...)...) {
		if r.Type != "aws_elb" {
			if t, ok := lbType(r); !ok || t == "gateway" {
				continue // a gateway load balancer has no listener on the internet
			}
		}
		on, st := r.Block.Bool("internal")
		switch {
		case st == iac.Unknown || st == iac.Known && on:
		case st == iac.Absent:
			out = append(out, m.New(r, nil, "internal is not set, so the load balancer is internet-facing", nil, ""))
		default:
			out = append(out, m.New(r, rangeOf(r.Block, "internal"), "internal is false", nil, ""))
		}
	}
	return out
}
