package fixers

import "github.com/driftfix/driftfix/iac"

// lbTLSPolicy: an HTTPS or TLS listener refuses TLS 1.0 and 1.1 and weak
// ciphers.
var lbTLSPolicy = Rule{Meta: lbTLSPolicyMeta, Check: checkLBTLSPolicy}

// lbTLSFixPolicy is the policy the fix writes: TLS 1.3 and 1.2, AWS's
// recommended policy.
const lbTLSFixPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

// lbOutdatedPolicies accept TLS 1.0 or 1.1 (trivy's list).
var lbOutdatedPolicies = map[string]bool{
	"ELBSecurityPolicy-2015-05": true, "ELBSecurityPolicy-2016-08": true, "ELBSecurityPolicy-FS-2018-06": true,
	"ELBSecurityPolicy-FS-1-1-2019-08": true, "ELBSecurityPolicy-TLS-1-0-2015-04": true, "ELBSecurityPolicy-TLS-1-1-2017-01": true,
	"ELBSecurityPolicy-TLS13-1-0-2021-06": true, "ELBSecurityPolicy-TLS13-1-1-2021-06": true,
	"ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06": true, "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06": true,
}

// lbSafePolicies are the TLS 1.2+ policies AWS offers; a change to any
// other policy is judged a regression (a new policy is reviewed).
var lbSafePolicies = []any{lbTLSFixPolicy,
	"ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04", "ELBSecurityPolicy-TLS-1-2-2017-01",
	"ELBSecurityPolicy-TLS-1-2-Ext-2018-06", "ELBSecurityPolicy-FS-1-2-2019-08", "ELBSecurityPolicy-FS-1-2-Res-2019-08",
	"ELBSecurityPolicy-FS-1-2-Res-2020-10"}

var lbTLSPolicyMeta = Meta{
	ID:            "aws-lb-tls-policy",
	Title:         "Load balancer listener allows TLS versions older than 1.2",
	Severity:      High,
	Class:         ClassTLS,
	ResourceTypes: lbListenerTypes,
	Touches: []Touch{
		{ResourceType: "aws_lb_listener", Paths: []string{"ssl_policy"}, Safe: SafeIs(lbSafePolicies...)},
		{ResourceType: "aws_alb_listener", Paths: []string{"ssl_policy"}, Safe: SafeIs(lbSafePolicies...)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0047", Tfsec: "aws-elb-use-secure-tls-policy", Checkov: "CKV_AWS_103"},
}

func checkLBTLSPolicy(in *Input) []Finding {
	m := lbTLSPolicyMeta
	var out []Finding
	for _, l := range resources(in.Module, lbListenerTypes...) {
		p, st := l.Block.String("ssl_policy")
		if st != iac.Known || !lbOutdatedPolicies[p] {
			continue
		}
		b := l.Block
		out = append(out, m.New(l, rangeOf(b, "ssl_policy"), "ssl_policy "+p+" accepts TLS 1.0 or 1.1",
			func(ed *iac.Editor) error { return ed.SetAttr(m.ID, b, "ssl_policy", `"`+lbTLSFixPolicy+`"`) }, ""))
	}
	return out
}
