package aws

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/driftfix/driftfix/cloud"
)

// The network family: VPCs and what lives in them, and the rules of
// security groups as resources of their own. Each type is read with the
// Describe* call of its objects, filtered by ID (or, for the types whose
// state ID does not name the object, by the parent in the lookup key: a
// route by its table, a network ACL rule by its ACL, a security group rule
// by its group), 200 values a filter; the sweep pages through the region
// once per call, shared by the types that need it (one DescribeRouteTables
// for route tables, routes and associations).
//
// AWS-made defaults are never unmanaged: the default VPC and its default
// subnets, the internet gateway of a default VPC, main route tables and
// local routes, default network ACLs and their "*" entries (rule 32767),
// default security groups (aws_default_security_group is read, never
// swept) and, through their parents, the rules of those.
const (
	typeSGRule        = "aws_security_group_rule"
	typeSGIngressRule = "aws_vpc_security_group_ingress_rule"
	typeSGEgressRule  = "aws_vpc_security_group_egress_rule"
	typeDefaultSG     = "aws_default_security_group"
	typeVPC           = "aws_vpc"
	typeSubnet        = "aws_subnet"
	typeRouteTable    = "aws_route_table"
	typeRoute         = "aws_route"
	typeRTAssociation = "aws_route_table_association"
	typeIGW           = "aws_internet_gateway"
	typeNATGateway    = "aws_nat_gateway"
	typeEIP           = "aws_eip"
	typeNetworkACL    = "aws_network_acl"
	typeNACLRule      = "aws_network_acl_rule"
	typeFlowLog       = "aws_flow_log"
	typeVPCEndpoint   = "aws_vpc_endpoint"
)

// aclDefaultRule is the number of the "*" entry every network ACL has.
const aclDefaultRule = 32767

// netObj is one live object of a network type.
type netObj struct {
	id string
	// keys are the lookup keys a ref may name it by (see cloud.LookupKey).
	keys  []string
	attrs map[string]any
	// awsMade objects are AWS's defaults: read, never unmanaged.
	awsMade bool
}

// netKind reads one network type.
type netKind struct {
	// filter finds a ref's object: by the ref's ID, or by parentOfKey of
	// its lookup key when set.
	filter      string
	parentOfKey func(key string) string
	// objects describes the region's objects of the type (all of them
	// when filters is nil).
	objects func(r ec2Reader, ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error)
}

func cutBefore(sep string) func(string) string {
	return func(key string) string { s, _, _ := strings.Cut(key, sep); return s }
}

var netKinds = map[string]netKind{
	typeVPC:           {filter: "vpc-id", objects: ec2Reader.vpcObjects},
	typeSubnet:        {filter: "subnet-id", objects: ec2Reader.subnetObjects},
	typeRouteTable:    {filter: "route-table-id", objects: ec2Reader.routeTableObjects},
	typeRoute:         {filter: "route-table-id", parentOfKey: cutBefore("_"), objects: ec2Reader.routeObjects},
	typeRTAssociation: {filter: "association.route-table-association-id", objects: ec2Reader.associationObjects},
	typeIGW:           {filter: "internet-gateway-id", objects: ec2Reader.igwObjects},
	typeNATGateway:    {filter: "nat-gateway-id", objects: ec2Reader.natObjects},
	typeEIP:           {filter: "allocation-id", objects: ec2Reader.eipObjects},
	typeNetworkACL:    {filter: "network-acl-id", objects: ec2Reader.aclObjects},
	typeNACLRule:      {filter: "network-acl-id", parentOfKey: cutBefore(":"), objects: ec2Reader.aclRuleObjects},
	typeFlowLog:       {filter: "flow-log-id", objects: ec2Reader.flowLogObjects},
	typeVPCEndpoint:   {filter: "vpc-endpoint-id", objects: ec2Reader.endpointObjects},
	typeSGIngressRule: {filter: "security-group-rule-id", objects: sgRuleObjects(false)},
	typeSGEgressRule:  {filter: "security-group-rule-id", objects: sgRuleObjects(true)},
}

func init() {
	for t, actions := range map[string][]string{
		typeSGRule:        {"ec2:DescribeSecurityGroupRules"},
		typeSGIngressRule: {"ec2:DescribeSecurityGroupRules"},
		typeSGEgressRule:  {"ec2:DescribeSecurityGroupRules"},
		typeDefaultSG:     {"ec2:DescribeSecurityGroups"},
		typeVPC:           {"ec2:DescribeVpcs"},
		typeSubnet:        {"ec2:DescribeSubnets"},
		typeRouteTable:    {"ec2:DescribeRouteTables"},
		typeRoute:         {"ec2:DescribeRouteTables"},
		typeRTAssociation: {"ec2:DescribeRouteTables"},
		typeIGW:           {"ec2:DescribeInternetGateways", "ec2:DescribeVpcs"},
		typeNATGateway:    {"ec2:DescribeNatGateways"},
		typeEIP:           {"ec2:DescribeAddresses"},
		typeNetworkACL:    {"ec2:DescribeNetworkAcls"},
		typeNACLRule:      {"ec2:DescribeNetworkAcls"},
		typeFlowLog:       {"ec2:DescribeFlowLogs"},
		typeVPCEndpoint:   {"ec2:DescribeVpcEndpoints"},
	} {
		// Every live rule is swept once, as the v5 type of its direction
		// (an aws_security_group_rule in state manages it too); default
		// security groups are AWS's, never unmanaged.
		companion := t == typeSGRule || t == typeDefaultSG
		types[t] = typeInfo{service: "ec2", companion: companion, actions: actions}
	}
}

func (r ec2Reader) ec2Client(region string) *ec2.Client {
	return client(r.Reader, "ec2", region, func(cfg awssdk.Config) *ec2.Client { return ec2.NewFromConfig(cfg) })
}

// allPages pages through an EC2 paginator (see paged).
func allPages[O, T any](ctx context.Context, r ec2Reader, p pager[O, ec2.Options], items func(O) []T) ([]T, error) {
	return paged(ctx, r.Reader, "ec2", p, items)
}

// sweepOnce memoizes a whole-region describe (filters nil) for one Get or
// List, so that the types that read one call share it.
func sweepOnce[T any](ctx context.Context, name, region string, filters []ec2types.Filter, read func() ([]T, error)) ([]T, error) {
	if filters != nil {
		return read()
	}
	return memoized(ctx, "ec2:"+name+":"+region, read)
}

// idParam takes the filter by name out of filters, as an ID list. Moto
// differs from AWS: it filters neither network ACLs by network-acl-id nor
// VPC endpoints by vpc-endpoint-id, so those are read by their ID
// parameter, which AWS and moto both answer with an error (…NotFound)
// when one of the IDs does not exist: getNet then reads each ID alone.
func idParam(filters []ec2types.Filter, name string) ([]string, []ec2types.Filter) {
	var ids []string
	var rest []ec2types.Filter
	for _, f := range filters {
		if awssdk.ToString(f.Name) == name {
			ids = append(ids, f.Values...)
		} else {
			rest = append(rest, f)
		}
	}
	return ids, rest
}

// notFoundCode: an EC2 answer that an ID given by parameter does not exist.
func notFoundCode(err error) bool { return strings.HasSuffix(errorCode(err), ".NotFound") }

func (r ec2Reader) arn(region, owner, kind, id string) string {
	return fmt.Sprintf("arn:aws:ec2:%s:%s:%s/%s", region, owner, kind, id)
}

func (r ec2Reader) vpcs(ctx context.Context, region string, filters []ec2types.Filter) ([]ec2types.Vpc, error) {
	return sweepOnce(ctx, "vpcs", region, filters, func() ([]ec2types.Vpc, error) {
		p := ec2.NewDescribeVpcsPaginator(r.ec2Client(region), &ec2.DescribeVpcsInput{Filters: filters, MaxResults: awssdk.Int32(1000)})
		return allPages(ctx, r, p, func(o *ec2.DescribeVpcsOutput) []ec2types.Vpc { return o.Vpcs })
	})
}

func (r ec2Reader) vpcObjects(ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error) {
	vpcs, err := r.vpcs(ctx, region, filters)
	if err != nil {
		return nil, err
	}
	var out []netObj
	for _, v := range vpcs {
		id := awssdk.ToString(v.VpcId)
		if id == "" || !tagsValid(v.Tags) {
			return nil, missingField("DescribeVpcs", "a VPC's VpcId or a tag's Key")
		}
		ipv6 := ""
		for _, a := range v.Ipv6CidrBlockAssociationSet {
			ipv6 = awssdk.ToString(a.Ipv6CidrBlock)
		}
		owner := awssdk.ToString(v.OwnerId)
		out = append(out, netObj{id: id, awsMade: awssdk.ToBool(v.IsDefault), attrs: map[string]any{
			"id": id, "arn": r.arn(region, owner, "vpc", id), "cidr_block": awssdk.ToString(v.CidrBlock),
			"instance_tenancy": string(v.InstanceTenancy), "dhcp_options_id": awssdk.ToString(v.DhcpOptionsId),
			"ipv6_cidr_block": ipv6, "owner_id": owner, "tags": ec2Tags(v.Tags),
		}})
	}
	return out, nil
}

func (r ec2Reader) subnetObjects(ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error) {
	p := ec2.NewDescribeSubnetsPaginator(r.ec2Client(region), &ec2.DescribeSubnetsInput{Filters: filters, MaxResults: awssdk.Int32(1000)})
	subnets, err := allPages(ctx, r, p, func(o *ec2.DescribeSubnetsOutput) []ec2types.Subnet { return o.Subnets })
	if err != nil {
		return nil, err
	}
	var out []netObj
	for _, s := range subnets {
		id := awssdk.ToString(s.SubnetId)
		if id == "" || !tagsValid(s.Tags) {
			return nil, missingField("DescribeSubnets", "a subnet's SubnetId or a tag's Key")
		}
		ipv6 := ""
		for _, a := range s.Ipv6CidrBlockAssociationSet {
			ipv6 = awssdk.ToString(a.Ipv6CidrBlock)
		}
		out = append(out, netObj{id: id, awsMade: awssdk.ToBool(s.DefaultForAz), attrs: map[string]any{
			"id": id, "arn": awssdk.ToString(s.SubnetArn), "vpc_id": awssdk.ToString(s.VpcId), "cidr_block": awssdk.ToString(s.CidrBlock),
			"availability_zone": awssdk.ToString(s.AvailabilityZone), "availability_zone_id": awssdk.ToString(s.AvailabilityZoneId),
			"map_public_ip_on_launch":         awssdk.ToBool(s.MapPublicIpOnLaunch),
			"assign_ipv6_address_on_creation": awssdk.ToBool(s.AssignIpv6AddressOnCreation),
			"ipv6_cidr_block":                 ipv6, "owner_id": awssdk.ToString(s.OwnerId), "tags": ec2Tags(s.Tags),
		}})
	}
	return out, nil
}

func (r ec2Reader) routeTables(ctx context.Context, region string, filters []ec2types.Filter) ([]ec2types.RouteTable, error) {
	tables, err := sweepOnce(ctx, "routetables", region, filters, func() ([]ec2types.RouteTable, error) {
		p := ec2.NewDescribeRouteTablesPaginator(r.ec2Client(region), &ec2.DescribeRouteTablesInput{Filters: filters, MaxResults: awssdk.Int32(100)})
		return allPages(ctx, r, p, func(o *ec2.DescribeRouteTablesOutput) []ec2types.RouteTable { return o.RouteTables })
	})
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		if awssdk.ToString(t.RouteTableId) == "" || !tagsValid(t.Tags) {
			return nil, missingField("DescribeRouteTables", "a table's RouteTableId or a tag's Key")
		}
	}
	return tables, nil
}

// ownRoutes are the routes a table's route attribute (and aws_route)
// holds: not the local routes, the routes propagated from a virtual
// private gateway, or the routes of gateway VPC endpoints (their
// aws_vpc_endpoint's), as the provider leaves them out.
func ownRoutes(t ec2types.RouteTable) []ec2types.Route {
	var out []ec2types.Route
	for _, rt := range t.Routes {
		gw := awssdk.ToString(rt.GatewayId)
		if gw == "local" || rt.Origin == ec2types.RouteOriginEnableVgwRoutePropagation ||
			(rt.DestinationPrefixListId != nil && strings.HasPrefix(gw, "vpce-")) {
			continue
		}
		out = append(out, rt)
	}
	return out
}

// routeBlock is a route as the route table's route block has it.
func routeBlock(rt ec2types.Route) map[string]any {
	return map[string]any{
		"cidr_block": awssdk.ToString(rt.DestinationCidrBlock), "ipv6_cidr_block": awssdk.ToString(rt.DestinationIpv6CidrBlock),
		"destination_prefix_list_id": awssdk.ToString(rt.DestinationPrefixListId), "carrier_gateway_id": awssdk.ToString(rt.CarrierGatewayId),
		"core_network_arn": awssdk.ToString(rt.CoreNetworkArn), "egress_only_gateway_id": awssdk.ToString(rt.EgressOnlyInternetGatewayId),
		"gateway_id": awssdk.ToString(rt.GatewayId), "local_gateway_id": awssdk.ToString(rt.LocalGatewayId),
		"nat_gateway_id": awssdk.ToString(rt.NatGatewayId), "network_interface_id": awssdk.ToString(rt.NetworkInterfaceId),
		"transit_gateway_id": awssdk.ToString(rt.TransitGatewayId), "vpc_peering_connection_id": awssdk.ToString(rt.VpcPeeringConnectionId),
	}
}

func mainTable(t ec2types.RouteTable) bool {
	return slices.ContainsFunc(t.Associations, func(a ec2types.RouteTableAssociation) bool { return awssdk.ToBool(a.Main) })
}

func (r ec2Reader) routeTableObjects(ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error) {
	tables, err := r.routeTables(ctx, region, filters)
	if err != nil {
		return nil, err
	}
	var out []netObj
	for _, t := range tables {
		id, owner := awssdk.ToString(t.RouteTableId), awssdk.ToString(t.OwnerId)
		routes := []any{}
		for _, rt := range ownRoutes(t) {
			routes = append(routes, routeBlock(rt))
		}
		var vgws []string
		for _, v := range t.PropagatingVgws {
			vgws = append(vgws, awssdk.ToString(v.GatewayId))
		}
		out = append(out, netObj{id: id, awsMade: mainTable(t), attrs: map[string]any{
			"id": id, "arn": r.arn(region, owner, "route-table", id), "vpc_id": awssdk.ToString(t.VpcId), "owner_id": owner,
			"route": routes, "propagating_vgws": strings2any(vgws), "tags": ec2Tags(t.Tags),
		}})
	}
	return out, nil
}

func (r ec2Reader) routeObjects(ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error) {
	tables, err := r.routeTables(ctx, region, filters)
	if err != nil {
		return nil, err
	}
	var out []netObj
	for _, t := range tables {
		table := awssdk.ToString(t.RouteTableId)
		for _, rt := range ownRoutes(t) {
			b := routeBlock(rt)
			dest := cmpOr(b["cidr_block"], b["ipv6_cidr_block"], b["destination_prefix_list_id"])
			attrs := map[string]any{"route_table_id": table, "destination_cidr_block": b["cidr_block"],
				"destination_ipv6_cidr_block": b["ipv6_cidr_block"], "origin": string(rt.Origin), "state": string(rt.State)}
			for k, v := range b {
				if k != "cidr_block" && k != "ipv6_cidr_block" {
					attrs[k] = v
				}
			}
			// The import ID; state keeps "r-<table><hash>".
			key := table + "_" + dest
			out = append(out, netObj{id: key, keys: []string{key}, attrs: attrs})
		}
	}
	return out, nil
}

func cmpOr(vs ...any) string {
	for _, v := range vs {
		if s, _ := v.(string); s != "" {
			return s
		}
	}
	return ""
}

func (r ec2Reader) associationObjects(ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error) {
	tables, err := r.routeTables(ctx, region, filters)
	if err != nil {
		return nil, err
	}
	var out []netObj
	for _, t := range tables {
		for _, a := range t.Associations {
			id := awssdk.ToString(a.RouteTableAssociationId)
			// The main association is aws_main_route_table_association's.
			if id == "" || awssdk.ToBool(a.Main) {
				continue
			}
			out = append(out, netObj{id: id, attrs: map[string]any{"id": id, "route_table_id": awssdk.ToString(a.RouteTableId),
				"subnet_id": awssdk.ToString(a.SubnetId), "gateway_id": awssdk.ToString(a.GatewayId)}})
		}
	}
	return out, nil
}

func (r ec2Reader) igwObjects(ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error) {
	p := ec2.NewDescribeInternetGatewaysPaginator(r.ec2Client(region), &ec2.DescribeInternetGatewaysInput{Filters: filters, MaxResults: awssdk.Int32(1000)})
	igws, err := allPages(ctx, r, p, func(o *ec2.DescribeInternetGatewaysOutput) []ec2types.InternetGateway { return o.InternetGateways })
	if err != nil {
		return nil, err
	}
	// The internet gateway of a default VPC is AWS's; the sweep needs to
	// know the default VPCs (a Get, by ID, does not).
	defaults := map[string]bool{}
	if filters == nil {
		vpcs, err := r.vpcs(ctx, region, nil)
		if err != nil {
			return nil, err
		}
		for _, v := range vpcs {
			defaults[awssdk.ToString(v.VpcId)] = awssdk.ToBool(v.IsDefault)
		}
	}
	var out []netObj
	for _, g := range igws {
		id, owner := awssdk.ToString(g.InternetGatewayId), awssdk.ToString(g.OwnerId)
		if id == "" || !tagsValid(g.Tags) {
			return nil, missingField("DescribeInternetGateways", "a gateway's InternetGatewayId or a tag's Key")
		}
		vpc := ""
		for _, a := range g.Attachments {
			vpc = awssdk.ToString(a.VpcId)
		}
		out = append(out, netObj{id: id, awsMade: defaults[vpc], attrs: map[string]any{
			"id": id, "arn": r.arn(region, owner, "internet-gateway", id), "vpc_id": vpc, "owner_id": owner, "tags": ec2Tags(g.Tags),
		}})
	}
	return out, nil
}

func (r ec2Reader) natObjects(ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error) {
	p := ec2.NewDescribeNatGatewaysPaginator(r.ec2Client(region), &ec2.DescribeNatGatewaysInput{Filter: filters, MaxResults: awssdk.Int32(1000)})
	nats, err := allPages(ctx, r, p, func(o *ec2.DescribeNatGatewaysOutput) []ec2types.NatGateway { return o.NatGateways })
	if err != nil {
		return nil, err
	}
	var out []netObj
	for _, n := range nats {
		id := awssdk.ToString(n.NatGatewayId)
		if id == "" || !tagsValid(n.Tags) {
			return nil, missingField("DescribeNatGateways", "a gateway's NatGatewayId or a tag's Key")
		}
		// A deleted gateway stays listed for a while; Terraform takes it
		// for gone.
		if n.State == ec2types.NatGatewayStateDeleted {
			continue
		}
		attrs := map[string]any{"id": id, "subnet_id": awssdk.ToString(n.SubnetId), "connectivity_type": string(n.ConnectivityType),
			"vpc_id": awssdk.ToString(n.VpcId), "tags": ec2Tags(n.Tags)}
		for _, a := range n.NatGatewayAddresses {
			if awssdk.ToBool(a.IsPrimary) || len(n.NatGatewayAddresses) == 1 {
				attrs["allocation_id"] = awssdk.ToString(a.AllocationId)
				attrs["private_ip"] = awssdk.ToString(a.PrivateIp)
				attrs["public_ip"] = awssdk.ToString(a.PublicIp)
				attrs["network_interface_id"] = awssdk.ToString(a.NetworkInterfaceId)
			}
		}
		out = append(out, netObj{id: id, attrs: attrs})
	}
	return out, nil
}

func (r ec2Reader) eipObjects(ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error) {
	c := r.ec2Client(region)
	var res *ec2.DescribeAddressesOutput
	// DescribeAddresses has no pages: one answer has every address.
	if err := r.call(ctx, "ec2", func() (err error) {
		res, err = c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{Filters: filters})
		return err
	}); err != nil {
		return nil, err
	}
	var out []netObj
	for _, a := range res.Addresses {
		id := awssdk.ToString(a.AllocationId)
		if !tagsValid(a.Tags) {
			return nil, missingField("DescribeAddresses", "a tag's Key")
		}
		if id == "" { // EC2-Classic, retired: no aws_eip of provider v5 or v6 has one
			continue
		}
		out = append(out, netObj{id: id, attrs: map[string]any{
			"id": id, "allocation_id": id, "domain": string(a.Domain), "vpc": a.Domain == ec2types.DomainTypeVpc,
			"public_ip": awssdk.ToString(a.PublicIp), "instance": awssdk.ToString(a.InstanceId),
			"network_interface": awssdk.ToString(a.NetworkInterfaceId), "association_id": awssdk.ToString(a.AssociationId),
			"public_ipv4_pool": awssdk.ToString(a.PublicIpv4Pool), "tags": ec2Tags(a.Tags),
		}})
	}
	return out, nil
}

func (r ec2Reader) acls(ctx context.Context, region string, filters []ec2types.Filter) ([]ec2types.NetworkAcl, error) {
	acls, err := sweepOnce(ctx, "acls", region, filters, func() ([]ec2types.NetworkAcl, error) {
		ids, filters := idParam(filters, "network-acl-id")
		p := ec2.NewDescribeNetworkAclsPaginator(r.ec2Client(region), &ec2.DescribeNetworkAclsInput{NetworkAclIds: ids, Filters: filters, MaxResults: awssdk.Int32(1000)})
		return allPages(ctx, r, p, func(o *ec2.DescribeNetworkAclsOutput) []ec2types.NetworkAcl { return o.NetworkAcls })
	})
	if err != nil {
		return nil, err
	}
	for _, a := range acls {
		if awssdk.ToString(a.NetworkAclId) == "" || !tagsValid(a.Tags) {
			return nil, missingField("DescribeNetworkAcls", "an ACL's NetworkAclId or a tag's Key")
		}
	}
	return acls, nil
}

// aclEntry is a network ACL entry as an ingress or egress block of
// aws_network_acl has it (protocol as its number, as the provider keeps
// it).
func aclEntry(e ec2types.NetworkAclEntry) map[string]any {
	from, to := 0.0, 0.0
	if e.PortRange != nil {
		from, to = float64(awssdk.ToInt32(e.PortRange.From)), float64(awssdk.ToInt32(e.PortRange.To))
	}
	icmpType, icmpCode := 0.0, 0.0
	if e.IcmpTypeCode != nil {
		icmpType, icmpCode = float64(awssdk.ToInt32(e.IcmpTypeCode.Type)), float64(awssdk.ToInt32(e.IcmpTypeCode.Code))
	}
	return map[string]any{
		"rule_no": float64(awssdk.ToInt32(e.RuleNumber)), "action": string(e.RuleAction), "protocol": awssdk.ToString(e.Protocol),
		"cidr_block": awssdk.ToString(e.CidrBlock), "ipv6_cidr_block": awssdk.ToString(e.Ipv6CidrBlock),
		"from_port": from, "to_port": to, "icmp_type": icmpType, "icmp_code": icmpCode,
	}
}

func (r ec2Reader) aclObjects(ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error) {
	acls, err := r.acls(ctx, region, filters)
	if err != nil {
		return nil, err
	}
	var out []netObj
	for _, a := range acls {
		id, owner := awssdk.ToString(a.NetworkAclId), awssdk.ToString(a.OwnerId)
		ingress, egress := []any{}, []any{}
		for _, e := range a.Entries {
			if awssdk.ToInt32(e.RuleNumber) == aclDefaultRule {
				continue
			}
			if awssdk.ToBool(e.Egress) {
				egress = append(egress, aclEntry(e))
			} else {
				ingress = append(ingress, aclEntry(e))
			}
		}
		var subnets []string
		for _, s := range a.Associations {
			subnets = append(subnets, awssdk.ToString(s.SubnetId))
		}
		out = append(out, netObj{id: id, awsMade: awssdk.ToBool(a.IsDefault), attrs: map[string]any{
			"id": id, "arn": r.arn(region, owner, "network-acl", id), "vpc_id": awssdk.ToString(a.VpcId), "owner_id": owner,
			"subnet_ids": strings2any(subnets), "ingress": ingress, "egress": egress, "tags": ec2Tags(a.Tags),
		}})
	}
	return out, nil
}

func (r ec2Reader) aclRuleObjects(ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error) {
	acls, err := r.acls(ctx, region, filters)
	if err != nil {
		return nil, err
	}
	var out []netObj
	for _, a := range acls {
		acl := awssdk.ToString(a.NetworkAclId)
		for _, e := range a.Entries {
			n := awssdk.ToInt32(e.RuleNumber)
			if n == aclDefaultRule {
				continue
			}
			b := aclEntry(e)
			egress := awssdk.ToBool(e.Egress)
			attrs := map[string]any{"network_acl_id": acl, "rule_number": b["rule_no"], "egress": egress, "protocol": b["protocol"],
				"rule_action": b["action"], "cidr_block": b["cidr_block"], "ipv6_cidr_block": b["ipv6_cidr_block"],
				"from_port": b["from_port"], "to_port": b["to_port"]}
			if e.IcmpTypeCode != nil {
				attrs["icmp_type"], attrs["icmp_code"] = b["icmp_type"], b["icmp_code"]
			}
			// Listed by its import ID, ACL:number:protocol:egress; known by
			// ACL, number and direction (see cloud.LookupKey).
			key := cloud.LookupKey(typeNACLRule, "", attrs)
			out = append(out, netObj{id: fmt.Sprintf("%s:%d:%s:%t", acl, n, b["protocol"], egress), keys: []string{key}, attrs: attrs})
		}
	}
	return out, nil
}

func (r ec2Reader) flowLogObjects(ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error) {
	p := ec2.NewDescribeFlowLogsPaginator(r.ec2Client(region), &ec2.DescribeFlowLogsInput{Filter: filters, MaxResults: awssdk.Int32(1000)})
	logs, err := allPages(ctx, r, p, func(o *ec2.DescribeFlowLogsOutput) []ec2types.FlowLog { return o.FlowLogs })
	if err != nil {
		return nil, err
	}
	var out []netObj
	for _, f := range logs {
		id := awssdk.ToString(f.FlowLogId)
		if id == "" || !tagsValid(f.Tags) {
			return nil, missingField("DescribeFlowLogs", "a flow log's FlowLogId or a tag's Key")
		}
		attrs := map[string]any{"id": id, "traffic_type": string(f.TrafficType), "log_destination": awssdk.ToString(f.LogDestination),
			"log_destination_type": string(f.LogDestinationType), "log_group_name": awssdk.ToString(f.LogGroupName),
			"iam_role_arn": awssdk.ToString(f.DeliverLogsPermissionArn), "log_format": awssdk.ToString(f.LogFormat),
			"max_aggregation_interval": float64(awssdk.ToInt32(f.MaxAggregationInterval)), "tags": ec2Tags(f.Tags),
			"vpc_id": "", "subnet_id": "", "eni_id": "", "transit_gateway_id": ""}
		res := awssdk.ToString(f.ResourceId)
		for prefix, attr := range map[string]string{"vpc-": "vpc_id", "subnet-": "subnet_id", "eni-": "eni_id", "tgw-": "transit_gateway_id"} {
			if strings.HasPrefix(res, prefix) {
				attrs[attr] = res
			}
		}
		out = append(out, netObj{id: id, attrs: attrs})
	}
	return out, nil
}

func (r ec2Reader) endpointObjects(ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error) {
	ids, filters := idParam(filters, "vpc-endpoint-id")
	p := ec2.NewDescribeVpcEndpointsPaginator(r.ec2Client(region), &ec2.DescribeVpcEndpointsInput{VpcEndpointIds: ids, Filters: filters, MaxResults: awssdk.Int32(1000)})
	eps, err := allPages(ctx, r, p, func(o *ec2.DescribeVpcEndpointsOutput) []ec2types.VpcEndpoint { return o.VpcEndpoints })
	if err != nil {
		return nil, err
	}
	var out []netObj
	for _, e := range eps {
		id, owner := awssdk.ToString(e.VpcEndpointId), awssdk.ToString(e.OwnerId)
		if id == "" || !tagsValid(e.Tags) {
			return nil, missingField("DescribeVpcEndpoints", "an endpoint's VpcEndpointId or a tag's Key")
		}
		if strings.EqualFold(string(e.State), "deleted") {
			continue
		}
		var groups []string
		for _, g := range e.Groups {
			groups = append(groups, awssdk.ToString(g.GroupId))
		}
		out = append(out, netObj{id: id, attrs: map[string]any{
			"id": id, "arn": r.arn(region, owner, "vpc-endpoint", id), "vpc_id": awssdk.ToString(e.VpcId),
			"service_name": awssdk.ToString(e.ServiceName), "vpc_endpoint_type": string(e.VpcEndpointType),
			"policy": awssdk.ToString(e.PolicyDocument), "private_dns_enabled": awssdk.ToBool(e.PrivateDnsEnabled),
			"route_table_ids": strings2any(e.RouteTableIds), "subnet_ids": strings2any(e.SubnetIds),
			"security_group_ids": strings2any(groups), "owner_id": owner, "tags": ec2Tags(e.Tags),
		}})
	}
	return out, nil
}

func (r ec2Reader) sgRules(ctx context.Context, region string, filters []ec2types.Filter) ([]ec2types.SecurityGroupRule, error) {
	rules, err := sweepOnce(ctx, "sgrules", region, filters, func() ([]ec2types.SecurityGroupRule, error) {
		p := ec2.NewDescribeSecurityGroupRulesPaginator(r.ec2Client(region), &ec2.DescribeSecurityGroupRulesInput{Filters: filters, MaxResults: awssdk.Int32(1000)})
		return allPages(ctx, r, p, func(o *ec2.DescribeSecurityGroupRulesOutput) []ec2types.SecurityGroupRule {
			return o.SecurityGroupRules
		})
	})
	if err != nil {
		return nil, err
	}
	for _, x := range rules {
		if awssdk.ToString(x.SecurityGroupRuleId) == "" || awssdk.ToString(x.GroupId) == "" || !tagsValid(x.Tags) {
			return nil, missingField("DescribeSecurityGroupRules", "a rule's SecurityGroupRuleId and GroupId or a tag's Key")
		}
	}
	return rules, nil
}

// ruleSource is a live rule's one source, as SecurityGroupRuleKey has it.
func ruleSource(x ec2types.SecurityGroupRule) string {
	switch {
	case x.CidrIpv4 != nil:
		return "cidr=" + *x.CidrIpv4
	case x.CidrIpv6 != nil:
		return "ipv6=" + *x.CidrIpv6
	case x.PrefixListId != nil:
		return "pl=" + *x.PrefixListId
	case x.ReferencedGroupInfo != nil:
		return "sg=" + referencedGroup(x)
	}
	return ""
}

// referencedGroup is the group a rule refers to, "owner/sg-…" across
// accounts.
func referencedGroup(x ec2types.SecurityGroupRule) string {
	g := x.ReferencedGroupInfo
	id := awssdk.ToString(g.GroupId)
	if user := awssdk.ToString(g.UserId); user != "" && user != awssdk.ToString(x.GroupOwnerId) {
		return user + "/" + id
	}
	return id
}

func direction(egress bool) string {
	if egress {
		return "egress"
	}
	return "ingress"
}

func ruleKey(x ec2types.SecurityGroupRule) string {
	return cloud.SecurityGroupRuleKey(awssdk.ToString(x.GroupId), direction(awssdk.ToBool(x.IsEgress)), awssdk.ToString(x.IpProtocol),
		awssdk.ToInt32(x.FromPort), awssdk.ToInt32(x.ToPort), ruleSource(x))
}

// sgRuleObjects are the rules of one direction as
// aws_vpc_security_group_ingress_rule or _egress_rule has them.
func sgRuleObjects(egress bool) func(r ec2Reader, ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error) {
	return func(r ec2Reader, ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error) {
		rules, err := r.sgRules(ctx, region, filters)
		if err != nil {
			return nil, err
		}
		var out []netObj
		for _, x := range rules {
			if awssdk.ToBool(x.IsEgress) != egress {
				continue
			}
			id, owner := awssdk.ToString(x.SecurityGroupRuleId), awssdk.ToString(x.GroupOwnerId)
			proto := cloud.NormalProtocol(awssdk.ToString(x.IpProtocol))
			var from, to any
			if proto != "-1" { // all protocols: no ports in state
				from, to = float64(awssdk.ToInt32(x.FromPort)), float64(awssdk.ToInt32(x.ToPort))
			}
			ref := ""
			if x.ReferencedGroupInfo != nil {
				ref = referencedGroup(x)
			}
			out = append(out, netObj{id: id, attrs: map[string]any{
				"id": id, "security_group_rule_id": id, "arn": r.arn(region, owner, "security-group-rule", id),
				"security_group_id": awssdk.ToString(x.GroupId), "ip_protocol": proto, "from_port": from, "to_port": to,
				"cidr_ipv4": awssdk.ToString(x.CidrIpv4), "cidr_ipv6": awssdk.ToString(x.CidrIpv6),
				"prefix_list_id": awssdk.ToString(x.PrefixListId), "referenced_security_group_id": ref,
				"description": awssdk.ToString(x.Description), "tags": ec2Tags(x.Tags),
			}})
		}
		return out, nil
	}
}

// getNet reads refs of one network type in region: the objects their IDs
// (or parents) name, 200 filter values a call, a few calls at a time.
func (r ec2Reader) getNet(ctx context.Context, region, typ string, refs []cloud.Ref) cloud.GetResult {
	if typ == typeSGRule {
		return r.getRuleResources(ctx, region, refs)
	}
	k := netKinds[typ]
	value := func(ref cloud.Ref) string {
		if k.parentOfKey != nil {
			return k.parentOfKey(lookup(ref))
		}
		return ref.ID
	}
	var values []string
	for _, ref := range refs {
		if v := value(ref); v != "" && !slices.Contains(values, v) {
			values = append(values, v)
		}
	}
	var mu sync.Mutex
	index := map[string]netObj{}
	_, failed := byID(ctx, r.fanout, ec2FilterValues, values,
		func(ctx context.Context, vs []string) ([]netObj, error) {
			objs, err := describeOrEach(ctx, vs, func(ctx context.Context, vs []string) ([]netObj, error) {
				return k.objects(r, ctx, region, idFilter(k.filter, vs))
			}, notFoundCode)
			mu.Lock()
			defer mu.Unlock()
			for _, o := range objs {
				index[o.id] = o
				for _, key := range o.keys {
					index[key] = o
				}
			}
			return objs, err
		},
		func(o netObj) string { return o.id })
	return readEach(refs, func(ref cloud.Ref) outcome {
		v := value(ref)
		if v == "" {
			return failedWith(fmt.Errorf("%s %s: state has no %s to find it by", ref.Type, ref.ID, k.filter))
		}
		if err := failed[v]; err != nil {
			return failedWith(err)
		}
		o, ok := index[lookup(ref)]
		if !ok {
			return notFound
		}
		return foundAs(o.attrs)
	})
}

// getRuleResources reads aws_security_group_rule resources: each is the
// live rules of its lookup key (one per source, see
// cloud.SecurityGroupRuleKey), read by their group. It is missing when
// none of them is live; a source whose rule is gone is a change of its
// list.
func (r ec2Reader) getRuleResources(ctx context.Context, region string, refs []cloud.Ref) cloud.GetResult {
	group := func(ref cloud.Ref) string { return cutBefore(";")(ref.Key) }
	var groups []string
	for _, ref := range refs {
		if g := group(ref); g != "" && !slices.Contains(groups, g) {
			groups = append(groups, g)
		}
	}
	var mu sync.Mutex
	byKey := map[string]ec2types.SecurityGroupRule{}
	_, failed := byID(ctx, r.fanout, ec2FilterValues, groups,
		func(ctx context.Context, gs []string) ([]ec2types.SecurityGroupRule, error) {
			rules, err := r.sgRules(ctx, region, idFilter("group-id", gs))
			mu.Lock()
			defer mu.Unlock()
			for _, x := range rules {
				byKey[ruleKey(x)] = x
			}
			return rules, err
		},
		func(x ec2types.SecurityGroupRule) string { return awssdk.ToString(x.SecurityGroupRuleId) })
	return readEach(refs, func(ref cloud.Ref) outcome {
		g := group(ref)
		if g == "" {
			return failedWith(fmt.Errorf("%s %s: state has no security_group_id and source to find it by", ref.Type, ref.ID))
		}
		if err := failed[g]; err != nil {
			return failedWith(err)
		}
		attrs := map[string]any{"security_group_id": g}
		lists := map[string][]string{}
		self := false
		var first *ec2types.SecurityGroupRule
		for _, key := range strings.Fields(ref.Key) {
			x, ok := byKey[key]
			if !ok {
				continue
			}
			if first == nil {
				first = &x
			}
			kind, value, _ := strings.Cut(key[strings.LastIndex(key, ";")+1:], "=")
			switch kind {
			case "cidr":
				lists["cidr_blocks"] = append(lists["cidr_blocks"], value)
			case "ipv6":
				lists["ipv6_cidr_blocks"] = append(lists["ipv6_cidr_blocks"], value)
			case "pl":
				lists["prefix_list_ids"] = append(lists["prefix_list_ids"], value)
			case "sg":
				if value == g {
					self = true
				} else {
					attrs["source_security_group_id"] = value
				}
			}
		}
		if first == nil {
			return notFound
		}
		for _, l := range []string{"cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids"} {
			attrs[l] = strings2any(lists[l])
		}
		attrs["self"] = self
		attrs["type"] = direction(awssdk.ToBool(first.IsEgress))
		attrs["protocol"] = awssdk.ToString(first.IpProtocol)
		attrs["description"] = awssdk.ToString(first.Description)
		if cloud.NormalProtocol(awssdk.ToString(first.IpProtocol)) != "-1" {
			attrs["from_port"], attrs["to_port"] = float64(awssdk.ToInt32(first.FromPort)), float64(awssdk.ToInt32(first.ToPort))
		}
		return foundAs(attrs)
	})
}

// listNet sweeps one network type in region: every object but AWS's
// defaults.
func (r ec2Reader) listNet(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	objs, err := netKinds[typ].objects(r, ctx, region, nil)
	if err != nil {
		return nil, err
	}
	var out []cloud.Resource
	for _, o := range objs {
		if o.awsMade {
			continue
		}
		out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: o.id, Region: region}, Attrs: o.attrs})
	}
	return out, nil
}
