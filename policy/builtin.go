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

	// The types drift reads (README: the drift-types table), so that a
	// change found there names its class rather than "unknown". Both are
	// high risk: a rule opened, a route or a grant added, is reviewed.
	// Network paths: who can reach what.
	{Resource: "aws_vpc_security_group_egress_rule", Path: "*", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_vpc_security_group_egress_rule", Path: "cidr_ipv4", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_vpc_security_group_egress_rule", Path: "cidr_ipv6", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_default_security_group", Path: "ingress", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_default_security_group", Path: "egress", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_network_acl", Path: "ingress", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_network_acl", Path: "egress", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_network_acl_rule", Path: "*", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_network_acl_rule", Path: "cidr_block", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_network_acl_rule", Path: "rule_action", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_route_table", Path: "route", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_route", Path: "*", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_route", Path: "gateway_id", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_route", Path: "nat_gateway_id", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_subnet", Path: "map_public_ip_on_launch", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_lb", Path: "internal", Class: fixers.ClassNetworkExposure},
	{Resource: "aws_eks_cluster", Path: "vpc_config", Class: fixers.ClassNetworkExposure},
	// Grants: identity and resource policies, attachments, permissions.
	{Resource: "aws_iam_role", Path: "managed_policy_arns", Class: fixers.ClassIAM},
	{Resource: "aws_iam_role_policy_attachment", Path: "*", Class: fixers.ClassIAM},
	{Resource: "aws_iam_user_policy_attachment", Path: "*", Class: fixers.ClassIAM},
	{Resource: "aws_iam_group_policy_attachment", Path: "*", Class: fixers.ClassIAM},
	{Resource: "aws_iam_policy_attachment", Path: "*", Class: fixers.ClassIAM},
	{Resource: "aws_iam_policy_attachment", Path: "roles", Class: fixers.ClassIAM},
	{Resource: "aws_iam_policy_attachment", Path: "users", Class: fixers.ClassIAM},
	{Resource: "aws_iam_policy_attachment", Path: "groups", Class: fixers.ClassIAM},
	{Resource: "aws_iam_group_membership", Path: "users", Class: fixers.ClassIAM},
	{Resource: "aws_iam_user", Path: "permissions_boundary", Class: fixers.ClassIAM},
	{Resource: "aws_s3_bucket_policy", Path: "policy", Class: fixers.ClassIAM},
	{Resource: "aws_s3_bucket_acl", Path: "access_control_policy", Class: fixers.ClassIAM},
	{Resource: "aws_kms_key", Path: "policy", Class: fixers.ClassIAM},
	{Resource: "aws_vpc_endpoint", Path: "policy", Class: fixers.ClassIAM},
	{Resource: "aws_sqs_queue", Path: "policy", Class: fixers.ClassIAM},
	{Resource: "aws_sqs_queue_policy", Path: "policy", Class: fixers.ClassIAM},
	{Resource: "aws_sns_topic", Path: "policy", Class: fixers.ClassIAM},
	{Resource: "aws_sns_topic_policy", Path: "policy", Class: fixers.ClassIAM},
	{Resource: "aws_ecr_repository_policy", Path: "policy", Class: fixers.ClassIAM},
	{Resource: "aws_secretsmanager_secret", Path: "policy", Class: fixers.ClassIAM},
	{Resource: "aws_lambda_permission", Path: "*", Class: fixers.ClassIAM},
	{Resource: "aws_lambda_permission", Path: "principal", Class: fixers.ClassIAM},
	{Resource: "aws_lambda_permission", Path: "source_arn", Class: fixers.ClassIAM},
}
