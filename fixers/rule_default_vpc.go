package fixers

// defaultVPC: workloads run in VPCs designed for them, not in the default
// VPC, whose subnets are all public and whose default security group is
// shared by everything launched without one.
var defaultVPC = Rule{Meta: defaultVPCMeta, Check: checkDefaultVPC}

var defaultVPCMeta = Meta{
	ID:            "aws-default-vpc",
	Title:         "The default VPC is managed and used",
	Severity:      Medium,
	Class:         ClassNetworkExposure,
	ResourceTypes: []string{"aws_default_vpc"},
	Refs:          Refs{Trivy: "AVD-AWS-0101", Tfsec: "aws-ec2-no-default-vpc", Checkov: "CKV_AWS_148"},
	NoFix:         "moving workloads to a VPC of their own is a migration; build the VPC, move the resources, then remove the aws_default_vpc block (with force_destroy if the VPC should go)",
}

func checkDefaultVPC(in *Input) []Finding {
	m := defaultVPCMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_default_vpc") {
		out = append(out, m.New(r, nil, "the configuration manages the default VPC", nil, ""))
	}
	return out
}
