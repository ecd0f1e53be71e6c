package fixers

import "github.com/driftfix/driftfix/iac"

// vpcFlowLogs: every VPC records its traffic (at least the rejected
// connections), so an intrusion or a misrouted service can be traced.
var vpcFlowLogs = Rule{Meta: vpcFlowLogsMeta, Check: checkVPCFlowLogs}

var vpcFlowLogsMeta = Meta{
	ID:            "aws-vpc-flow-logs",
	Title:         "VPC has no flow log",
	Severity:      Medium,
	Class:         ClassLogging,
	ResourceTypes: []string{"aws_vpc", "aws_flow_log"},
	Refs:          Refs{Trivy: "AVD-AWS-0178", Tfsec: "aws-ec2-require-vpc-flow-logs-for-all-vpcs", Checkov: "CKV2_AWS_11"},
	NoFix:         "a flow log needs a destination (a log group with an IAM role that may write to it, or an S3 bucket) and a retention that someone pays for; add an aws_flow_log with vpc_id = the VPC by hand",
}

func checkVPCFlowLogs(in *Input) []Finding {
	m := vpcFlowLogsMeta
	// A flow log whose VPC cannot be resolved may be any VPC's.
	for _, fl := range resources(in.Module, "aws_flow_log") {
		if isSet(fl.Block, "vpc_id") && len(in.Module.Refs(fl, "vpc_id")) == 0 {
			if _, st := fl.Block.String("vpc_id"); st != iac.Known {
				return nil
			}
		}
	}
	var out []Finding
	for _, v := range resources(in.Module, "aws_vpc") {
		if len(in.Module.Referrers(v, "aws_flow_log", "vpc_id", "")) > 0 || len(in.Module.InactiveReferrers(v, "aws_flow_log", "vpc_id", "")) > 0 {
			continue
		}
		out = append(out, m.New(v, nil, "no aws_flow_log records this VPC's traffic", nil, ""))
	}
	return out
}
