package aws

import (
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/driftfix/driftfix/cloud"
)

func netTypeNames() []string {
	return []string{typeSecurity, typeSGRule, typeSGIngressRule, typeSGEgressRule, typeDefaultSG, typeVPC, typeSubnet, typeRouteTable,
		typeRoute, typeRTAssociation, typeIGW, typeNATGateway, typeEIP, typeNetworkACL, typeNACLRule, typeFlowLog, typeVPCEndpoint}
}

// sgBlock is an ingress or egress block of aws_security_group as the
// provider keeps it.
func sgBlock(protocol string, from, to float64, cidrs []any, groups []any, description string) map[string]any {
	return map[string]any{"protocol": protocol, "from_port": from, "to_port": to, "cidr_blocks": cidrs, "ipv6_cidr_blocks": []any{},
		"prefix_list_ids": []any{}, "security_groups": groups, "self": false, "description": description}
}

// The network family against moto: a VPC with subnets, an internet
// gateway, route tables (one whose routes are aws_route resources, one
// that keeps them inline), an association, an EIP and a NAT gateway, a
// network ACL with a rule resource, a flow log, a gateway endpoint, and
// security groups whose rules are kept every way Terraform can: as
// aws_vpc_security_group_ingress_rule (and the same rule also inline in
// the group: reported once), as an aws_security_group_rule of two CIDR
// blocks (two live rules), inline only, and the default group as
// aws_default_security_group. State is shaped as provider v5 writes it
// (route and rule ids "r-…", "nacl-…", "sgrule-…" that name nothing; a v6
// state is the same for these types). AWS's own defaults (moto's default
// VPC, its subnets, group, ACL and main route table; the main route
// table, default ACL and default group of a VPC made by hand) are never
// unmanaged. Then every change made by hand is found once.
func TestNetworkDriftAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, netTypeNames()...)
	// Moto's own defaults (default VPC, subnets, group, ACL and its
	// entries, main route table) are swept (the default ACL's rules, the
	// default group's rules) but never unmanaged.
	pre, err := e.r.List(t.Context(), e.r.Types())
	if err != nil {
		t.Fatal(err)
	}
	if d := cloud.Compare(nil, nil, nil, pre.Resources, cloud.CompareOptions{}); len(d) > 0 {
		t.Fatalf("AWS's defaults are unmanaged drift: %v", d)
	}
	ctx := t.Context()
	c := ec2.NewFromConfig(e.cfg)
	s := awssdk.String
	tags := func(rt ec2types.ResourceType, kv ...string) []ec2types.TagSpecification {
		var ts []ec2types.Tag
		for i := 0; i < len(kv); i += 2 {
			ts = append(ts, ec2types.Tag{Key: s(kv[i]), Value: s(kv[i+1])})
		}
		return []ec2types.TagSpecification{{ResourceType: rt, Tags: ts}}
	}

	vpcOut, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: s("10.0.0.0/16"), TagSpecifications: tags(ec2types.ResourceTypeVpc, "Name", "main")})
	if err != nil {
		t.Fatal(err)
	}
	vpc := awssdk.ToString(vpcOut.Vpc.VpcId)
	subnet := func(cidr, az string) string {
		out, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: &vpc, CidrBlock: s(cidr), AvailabilityZone: s(az)})
		if err != nil {
			t.Fatal(err)
		}
		return awssdk.ToString(out.Subnet.SubnetId)
	}
	subA, subB := subnet("10.0.1.0/24", "us-east-1a"), subnet("10.0.2.0/24", "us-east-1b")
	igwOut, err := c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{})
	if err != nil {
		t.Fatal(err)
	}
	igw := awssdk.ToString(igwOut.InternetGateway.InternetGatewayId)
	ok(t, "AttachInternetGateway")(c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: &igw, VpcId: &vpc}))
	table := func() string {
		out, err := c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: &vpc})
		if err != nil {
			t.Fatal(err)
		}
		return awssdk.ToString(out.RouteTable.RouteTableId)
	}
	public, private := table(), table()
	ok(t, "CreateRoute public")(c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: &public, DestinationCidrBlock: s("0.0.0.0/0"), GatewayId: &igw}))
	ok(t, "CreateRoute private")(c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: &private, DestinationCidrBlock: s("10.8.0.0/16"), GatewayId: &igw}))
	assoc, err := c.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: &public, SubnetId: &subA})
	if err != nil {
		t.Fatal(err)
	}
	assocID := awssdk.ToString(assoc.AssociationId)
	eip, err := c.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: ec2types.DomainTypeVpc})
	if err != nil {
		t.Fatal(err)
	}
	eipID, eipIP := awssdk.ToString(eip.AllocationId), awssdk.ToString(eip.PublicIp)
	natOut, err := c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: &subA, AllocationId: &eipID})
	if err != nil {
		t.Fatal(err)
	}
	nat := awssdk.ToString(natOut.NatGateway.NatGatewayId)
	aclOut, err := c.CreateNetworkAcl(ctx, &ec2.CreateNetworkAclInput{VpcId: &vpc})
	if err != nil {
		t.Fatal(err)
	}
	acl := awssdk.ToString(aclOut.NetworkAcl.NetworkAclId)
	ok(t, "CreateNetworkAclEntry")(c.CreateNetworkAclEntry(ctx, &ec2.CreateNetworkAclEntryInput{NetworkAclId: &acl, RuleNumber: awssdk.Int32(100),
		Protocol: s("6"), RuleAction: ec2types.RuleActionAllow, CidrBlock: s("10.0.0.0/8"), Egress: awssdk.Bool(false),
		PortRange: &ec2types.PortRange{From: awssdk.Int32(443), To: awssdk.Int32(443)}}))
	// Moto checks that the destination bucket exists (as AWS does).
	ok(t, "CreateBucket")(s3.NewFromConfig(e.cfg, func(o *s3.Options) { o.UsePathStyle = true }).CreateBucket(ctx, &s3.CreateBucketInput{Bucket: s("acme-flow-logs")}))
	flow, err := c.CreateFlowLogs(ctx, &ec2.CreateFlowLogsInput{ResourceIds: []string{vpc}, ResourceType: ec2types.FlowLogsResourceTypeVpc,
		TrafficType: ec2types.TrafficTypeReject, LogDestinationType: ec2types.LogDestinationTypeS3, LogDestination: s("arn:aws:s3:::acme-flow-logs")})
	if err != nil || len(flow.FlowLogIds) != 1 {
		t.Fatalf("CreateFlowLogs: %v %v", err, flow)
	}
	flowID := flow.FlowLogIds[0]
	s3Policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-data/*"}]}`
	epOut, err := c.CreateVpcEndpoint(ctx, &ec2.CreateVpcEndpointInput{VpcId: &vpc, ServiceName: s("com.amazonaws.us-east-1.s3"),
		VpcEndpointType: ec2types.VpcEndpointTypeGateway, RouteTableIds: []string{private}, PolicyDocument: &s3Policy})
	if err != nil {
		t.Fatal(err)
	}
	endpoint := awssdk.ToString(epOut.VpcEndpoint.VpcEndpointId)

	group := func(name string) string {
		out, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: s(name), Description: s(name), VpcId: &vpc})
		if err != nil {
			t.Fatal(err)
		}
		return awssdk.ToString(out.GroupId)
	}
	web, db := group("web"), group("db")
	ingress := func(g string, perm ec2types.IpPermission) []ec2types.SecurityGroupRule {
		out, err := c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: &g, IpPermissions: []ec2types.IpPermission{perm}})
		if err != nil {
			t.Fatal(err)
		}
		return out.SecurityGroupRules
	}
	tcp := func(port int32, cidrs ...string) ec2types.IpPermission {
		p := ec2types.IpPermission{IpProtocol: s("tcp"), FromPort: awssdk.Int32(port), ToPort: awssdk.Int32(port)}
		for _, c := range cidrs {
			p.IpRanges = append(p.IpRanges, ec2types.IpRange{CidrIp: s(c)})
		}
		return p
	}
	httpsRule := awssdk.ToString(ingress(web, tcp(443, "10.0.0.0/8"))[0].SecurityGroupRuleId)
	ingress(web, tcp(22, "10.1.0.0/16", "10.2.0.0/16"))
	ingress(db, ec2types.IpPermission{IpProtocol: s("tcp"), FromPort: awssdk.Int32(5432), ToPort: awssdk.Int32(5432),
		UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: &web}}})
	// The VPC's default group, as aws_default_security_group leaves it:
	// no rules.
	groups, err := c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{
		{Name: s("vpc-id"), Values: []string{vpc}}, {Name: s("group-name"), Values: []string{"default"}}}})
	if err != nil || len(groups.SecurityGroups) != 1 {
		t.Fatalf("the VPC's default group: %v %v", err, groups)
	}
	def := groups.SecurityGroups[0]
	defID := awssdk.ToString(def.GroupId)
	if len(def.IpPermissions) > 0 {
		ok(t, "RevokeSecurityGroupIngress default")(c.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: &defID, IpPermissions: def.IpPermissions}))
	}
	if len(def.IpPermissionsEgress) > 0 {
		ok(t, "RevokeSecurityGroupEgress default")(c.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: &defID, IpPermissions: def.IpPermissionsEgress}))
	}

	// The state (provider v5).
	allOut := []any{sgBlock("-1", 0, 0, []any{"0.0.0.0/0"}, []any{}, "")}
	e.add("aws_vpc.main", vpc, map[string]any{"cidr_block": "10.0.0.0/16", "instance_tenancy": "default", "enable_dns_support": true,
		"enable_dns_hostnames": false, "ipv6_cidr_block": "", "tags": map[string]any{"Name": "main"}})
	sub := func(cidr, az string) map[string]any {
		return map[string]any{"vpc_id": vpc, "cidr_block": cidr, "availability_zone": az, "map_public_ip_on_launch": false,
			"assign_ipv6_address_on_creation": false, "ipv6_cidr_block": "", "tags": map[string]any{}}
	}
	e.add("aws_subnet.a", subA, sub("10.0.1.0/24", "us-east-1a"))
	e.add("aws_subnet.b", subB, sub("10.0.2.0/24", "us-east-1b"))
	e.add("aws_internet_gateway.main", igw, map[string]any{"vpc_id": vpc, "tags": map[string]any{}})
	route := func(cidr string) map[string]any {
		return map[string]any{"cidr_block": cidr, "ipv6_cidr_block": "", "destination_prefix_list_id": "", "carrier_gateway_id": "",
			"core_network_arn": "", "egress_only_gateway_id": "", "gateway_id": igw, "local_gateway_id": "", "nat_gateway_id": "",
			"network_interface_id": "", "transit_gateway_id": "", "vpc_endpoint_id": "", "vpc_peering_connection_id": ""}
	}
	// public's routes are aws_route resources (its route attribute, read
	// back by the provider, has them too: not compared).
	e.add("aws_route_table.public", public, map[string]any{"vpc_id": vpc, "route": []any{route("0.0.0.0/0")}, "propagating_vgws": []any{}, "tags": map[string]any{}})
	e.add("aws_route.public_default", "r-"+public+"1080289494", map[string]any{"route_table_id": public, "destination_cidr_block": "0.0.0.0/0",
		"destination_ipv6_cidr_block": "", "destination_prefix_list_id": "", "gateway_id": igw, "nat_gateway_id": ""})
	e.add("aws_route_table.private", private, map[string]any{"vpc_id": vpc, "route": []any{route("10.8.0.0/16")}, "propagating_vgws": []any{}, "tags": map[string]any{}})
	e.add("aws_route_table_association.a", assocID, map[string]any{"route_table_id": public, "subnet_id": subA, "gateway_id": ""})
	e.add("aws_eip.nat", eipID, map[string]any{"domain": "vpc", "vpc": true, "public_ip": eipIP, "allocation_id": eipID, "tags": map[string]any{}})
	// Moto differs from AWS: its NAT gateways have no ConnectivityType
	// (AWS answers "public"), so this state leaves connectivity_type out
	// rather than the reader defaulting it.
	e.add("aws_nat_gateway.a", nat, map[string]any{"subnet_id": subA, "allocation_id": eipID, "tags": map[string]any{}})
	e.add("aws_network_acl.app", acl, map[string]any{"vpc_id": vpc, "subnet_ids": []any{}, "tags": map[string]any{},
		"ingress": []any{map[string]any{"rule_no": 100.0, "action": "allow", "protocol": "6", "cidr_block": "10.0.0.0/8", "ipv6_cidr_block": "",
			"from_port": 443.0, "to_port": 443.0, "icmp_type": 0.0, "icmp_code": 0.0}}, "egress": []any{}})
	e.add("aws_network_acl_rule.https", "nacl-3391012398", map[string]any{"network_acl_id": acl, "rule_number": 100.0, "egress": false,
		"protocol": "tcp", "rule_action": "allow", "cidr_block": "10.0.0.0/8", "from_port": 443.0, "to_port": 443.0})
	e.add("aws_flow_log.vpc", flowID, map[string]any{"vpc_id": vpc, "traffic_type": "REJECT", "log_destination_type": "s3",
		"log_destination": "arn:aws:s3:::acme-flow-logs", "tags": map[string]any{}})
	// As jsonencode writes it: sorted keys, other order.
	e.add("aws_vpc_endpoint.s3", endpoint, map[string]any{"vpc_id": vpc, "service_name": "com.amazonaws.us-east-1.s3", "vpc_endpoint_type": "Gateway",
		"route_table_ids": []any{private}, "tags": map[string]any{},
		"policy": `{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Principal":"*","Resource":"arn:aws:s3:::acme-data/*"}],"Version":"2012-10-17"}`})
	// web: the HTTPS rule is its own resource and also (as Terraform
	// allows, with a warning) inline in the group; SSH is an older
	// aws_security_group_rule of two CIDR blocks; egress stays inline.
	e.add("aws_security_group.web", web, map[string]any{"name": "web", "description": "web", "vpc_id": vpc, "tags": map[string]any{},
		"ingress": []any{sgBlock("tcp", 443, 443, []any{"10.0.0.0/8"}, []any{}, ""), sgBlock("tcp", 22, 22, []any{"10.1.0.0/16", "10.2.0.0/16"}, []any{}, "")},
		"egress":  allOut})
	e.add("aws_vpc_security_group_ingress_rule.https", httpsRule, map[string]any{"security_group_id": web, "security_group_rule_id": httpsRule,
		"ip_protocol": "tcp", "from_port": 443.0, "to_port": 443.0, "cidr_ipv4": "10.0.0.0/8", "cidr_ipv6": nil, "prefix_list_id": nil,
		"referenced_security_group_id": nil, "description": nil, "tags": nil})
	e.add("aws_security_group_rule.ssh", "sgrule-2758924621", map[string]any{"security_group_id": web, "type": "ingress", "protocol": "6",
		"from_port": 22.0, "to_port": 22.0, "cidr_blocks": []any{"10.1.0.0/16", "10.2.0.0/16"}, "ipv6_cidr_blocks": []any{}, "prefix_list_ids": []any{},
		"self": false, "description": "", "security_group_rule_id": ""})
	e.add("aws_security_group.db", db, map[string]any{"name": "db", "description": "db", "vpc_id": vpc, "tags": map[string]any{},
		"ingress": []any{sgBlock("tcp", 5432, 5432, []any{}, []any{web}, "")}, "egress": allOut})
	e.add("aws_default_security_group.main", defID, map[string]any{"vpc_id": vpc, "name": "default", "ingress": []any{}, "egress": []any{}, "tags": map[string]any{}})

	e.expect("right after creation")
	e.checkActions()

	// Hands-on changes, as from the console.
	ok(t, "ModifySubnetAttribute")(c.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: &subB, MapPublicIpOnLaunch: &ec2types.AttributeBooleanValue{Value: awssdk.Bool(true)}}))
	ok(t, "CreateTags vpc")(c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{vpc, eipID}, Tags: []ec2types.Tag{{Key: s("owner"), Value: s("someone")}}}))
	ok(t, "CreateRoute public, by hand")(c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: &public, DestinationCidrBlock: s("10.9.0.0/16"), GatewayId: &igw}))
	ok(t, "CreateRoute private, by hand")(c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: &private, DestinationCidrBlock: s("10.7.0.0/16"), GatewayId: &igw}))
	assocB, err := c.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: &public, SubnetId: &subB})
	if err != nil {
		t.Fatal(err)
	}
	rdp := awssdk.ToString(ingress(web, tcp(3389, "0.0.0.0/0"))[0].SecurityGroupRuleId)
	ingress(db, tcp(5432, "0.0.0.0/0"))
	ok(t, "RevokeSecurityGroupIngress ssh")(c.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: &web, IpPermissions: []ec2types.IpPermission{tcp(22, "10.2.0.0/16")}}))
	ok(t, "RevokeSecurityGroupIngress https")(c.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: &web, SecurityGroupRuleIds: []string{httpsRule}}))
	ingress(defID, ec2types.IpPermission{IpProtocol: s("-1"), IpRanges: []ec2types.IpRange{{CidrIp: s("0.0.0.0/0")}}})
	ok(t, "ReplaceNetworkAclEntry")(c.ReplaceNetworkAclEntry(ctx, &ec2.ReplaceNetworkAclEntryInput{NetworkAclId: &acl, RuleNumber: awssdk.Int32(100),
		Protocol: s("6"), RuleAction: ec2types.RuleActionAllow, CidrBlock: s("0.0.0.0/0"), Egress: awssdk.Bool(false),
		PortRange: &ec2types.PortRange{From: awssdk.Int32(443), To: awssdk.Int32(443)}}))
	ok(t, "CreateNetworkAclEntry by hand")(c.CreateNetworkAclEntry(ctx, &ec2.CreateNetworkAclEntryInput{NetworkAclId: &acl, RuleNumber: awssdk.Int32(200),
		Protocol: s("-1"), RuleAction: ec2types.RuleActionAllow, CidrBlock: s("0.0.0.0/0"), Egress: awssdk.Bool(true)}))
	ok(t, "CreateNetworkAclEntry ingress by hand")(c.CreateNetworkAclEntry(ctx, &ec2.CreateNetworkAclEntryInput{NetworkAclId: &acl, RuleNumber: awssdk.Int32(300),
		Protocol: s("6"), RuleAction: ec2types.RuleActionAllow, CidrBlock: s("0.0.0.0/0"), Egress: awssdk.Bool(false),
		PortRange: &ec2types.PortRange{From: awssdk.Int32(22), To: awssdk.Int32(22)}}))
	ok(t, "DeleteFlowLogs")(c.DeleteFlowLogs(ctx, &ec2.DeleteFlowLogsInput{FlowLogIds: []string{flowID}}))
	ok(t, "DeleteNatGateway")(c.DeleteNatGateway(ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: &nat}))
	wide := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`
	ok(t, "ModifyVpcEndpoint")(c.ModifyVpcEndpoint(ctx, &ec2.ModifyVpcEndpointInput{VpcEndpointId: &endpoint, PolicyDocument: &wide}))
	stray, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: s("172.16.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	strayID := awssdk.ToString(stray.Vpc.VpcId)

	// The ACL keeps its egress inline (no egress rule resource): an egress
	// entry added by hand is a change of the ACL; its ingress entries are
	// rule resources: an ingress entry added by hand is unmanaged.
	e.expect("after the changes",
		"changed aws_default_security_group aws_default_security_group.main ingress[0]=map[cidr_blocks:[0.0.0.0/0] description: from_port:0 ipv6_cidr_blocks:[] prefix_list_ids:[] protocol:-1 security_groups:[] self:false to_port:0]",
		"changed aws_eip aws_eip.nat tags.owner=someone",
		"changed aws_network_acl aws_network_acl.app egress[0]=map[action:allow cidr_block:0.0.0.0/0 from_port:0 icmp_code:0 icmp_type:0 ipv6_cidr_block: protocol:-1 rule_no:200 to_port:0]",
		"changed aws_network_acl_rule aws_network_acl_rule.https cidr_block=0.0.0.0/0",
		"changed aws_route_table aws_route_table.private route[0]=map[carrier_gateway_id: cidr_block:10.7.0.0/16 core_network_arn: destination_prefix_list_id: egress_only_gateway_id: gateway_id:"+igw+
			" ipv6_cidr_block: local_gateway_id: nat_gateway_id: network_interface_id: transit_gateway_id: vpc_peering_connection_id:]",
		"changed aws_security_group aws_security_group.db ingress[0].cidr_blocks[0]=0.0.0.0/0",
		"changed aws_security_group_rule aws_security_group_rule.ssh cidr_blocks[1]=<nil>",
		"changed aws_subnet aws_subnet.b map_public_ip_on_launch=true",
		"changed aws_vpc aws_vpc.main tags.owner=someone",
		"changed aws_vpc_endpoint aws_vpc_endpoint.s3 policy="+wide,
		"deleted aws_flow_log aws_flow_log.vpc",
		"deleted aws_nat_gateway aws_nat_gateway.a",
		"deleted aws_vpc_security_group_ingress_rule aws_vpc_security_group_ingress_rule.https",
		"unmanaged aws_network_acl_rule "+acl+":300:6:false",
		"unmanaged aws_route "+public+"_10.9.0.0/16",
		"unmanaged aws_route_table_association "+awssdk.ToString(assocB.AssociationId),
		"unmanaged aws_vpc "+strayID,
		"unmanaged aws_vpc_security_group_ingress_rule "+rdp,
	)
}
