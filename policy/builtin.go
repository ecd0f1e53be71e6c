package policy

import "github.com/driftfix/driftfix/fixers"

// builtinRules name the class of paths that no fix touches but whose class is
// clear. Every one of them is a high-risk class, so they only make review
// reasons clearer; they never let anything auto-apply.
var builtinRules = []ClassRule{
	{Resource: "aws_security_group", Path: "ingress", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_security_group", Path: "egress", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_security_group_rule", Path: "*", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_security_group_rule", Path: "cidr_blocks", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_security_group_rule", Path: "ipv6_cidr_blocks", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_vpc_security_group_ingress_rule", Path: "*", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_vpc_security_group_ingress_rule", Path: "cidr_ipv4", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_vpc_security_group_ingress_rule", Path: "cidr_ipv6", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_instance", Path: "associate_public_ip_address", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_iam_policy", Path: "policy", Class: fixers.ClassIAM},
	{Resource: "aws_iam_role_policy", Path: "policy", Class: fixers.ClassIAM},
	{Resource: "aws_iam_user_policy", Path: "policy", Class: fixers.ClassIAM},
	{Resource: "aws_iam_group_policy", Path: "policy", Class: fixers.ClassIAM},
	{Resource: "aws_iam_role", Path: "inline_policy", Class: fixers.ClassIAM},
	{Resource: "aws_iam_role", Path: "assume_role_policy", Class: fixers.ClassIAM},
}
