package fixers

import "github.com/driftfix/driftfix/iac"

// mqPublic: an MQ broker is reachable only from its VPC.
var mqPublic = Rule{Meta: mqPublicMeta, Check: checkMQPublic}

var mqPublicMeta = Meta{
	ID:            "aws-mq-public",
	Title:         "MQ broker is publicly accessible",
	Severity:      High,
	Class:         ClassNetworkExposure,
	ResourceTypes: []string{"aws_mq_broker"},
	Refs:          Refs{Trivy: "AVD-AWS-0072", Tfsec: "aws-mq-no-public-access", Checkov: "CKV_AWS_69"},
	NoFix:         "publicly_accessible can only be chosen when a broker is created: changing it replaces the broker and drops its messages, and clients outside the VPC lose it; plan the move by hand",
}

func checkMQPublic(in *Input) []Finding {
	m := mqPublicMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_mq_broker") {
		if on, st := r.Block.Bool("publicly_accessible"); st == iac.Known && on {
			out = append(out, m.New(r, rangeOf(r.Block, "publicly_accessible"), "publicly_accessible is true", nil, ""))
		}
	}
	return out
}
