package fixers

import "github.com/driftfix/driftfix/iac"

// lbHTTPListener: an application load balancer's plain-HTTP listener only
// redirects to HTTPS; it does not serve content in the clear.
var lbHTTPListener = Rule{Meta: lbHTTPListenerMeta, Check: checkLBHTTPListener}

var lbHTTPListenerMeta = Meta{
	ID:            "aws-lb-http-listener",
	Title:         "Load balancer listener serves plain HTTP",
	Severity:      High,
	Class:         ClassTLS,
	ResourceTypes: append([]string{"aws_lb", "aws_alb"}, lbListenerTypes...),
	Refs:          Refs{Trivy: "AVD-AWS-0054", Tfsec: "aws-elb-http-not-used", Checkov: "CKV_AWS_2"},
	NoFix:         "serving HTTPS needs a certificate (ACM) and a domain name; add an HTTPS listener, then make this one's default_action a redirect to it by hand",
}

func checkLBHTTPListener(in *Input) []Finding {
	m := lbHTTPListenerMeta
	var out []Finding
	for _, l := range resources(in.Module, lbListenerTypes...) {
		p, st := l.Block.String("protocol")
		if st != iac.Known || p != "HTTP" {
			continue
		}
		if t, ok := listenerLBType(in.Module, l); ok && t != "application" {
			continue
		}
		redirect := false
		for _, a := range l.Block.Nested("default_action") {
			if t, st := a.String("type"); a.Dynamic || st != iac.Known || t == "redirect" {
				redirect = true // a redirect, or an action driftfix cannot read
			}
		}
		if !redirect {
			out = append(out, m.New(l, rangeOf(l.Block, "protocol"), "the listener serves HTTP without redirecting to HTTPS", nil, ""))
		}
	}
	return out
}
