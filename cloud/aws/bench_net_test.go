package aws

import (
	"fmt"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"golang.org/x/sync/errgroup"
)

// BenchmarkSweepNetwork sweeps 10,000 resources of the network types read
// from moto (per unit: a subnet, a route table with a route and an
// association, a security group with two ingress rules, a network ACL
// with a rule, an EIP) through the fault proxy with 20 ms of latency on
// each call, and reports the calls made against the minimum the APIs'
// pagination needs (one DescribeRouteTables sweep serves route tables,
// routes and associations; one DescribeSecurityGroupRules both rule
// types). Targets: under 15 s, at most 1.2× the minimum calls. Moto
// differs from AWS: it answers each of these describes in one page, where
// AWS pages at the reader's MaxResults, so the calls come out below the
// minimum. Building the estate in moto is not timed.
func BenchmarkSweepNetwork(b *testing.B) {
	url, cfg := motoBench(b)
	c := ec2.NewFromConfig(cfg)
	s := awssdk.String
	swept := []string{typeSubnet, typeRouteTable, typeRoute, typeRTAssociation, typeSecurity, typeSGIngressRule, typeNetworkACL, typeNACLRule, typeEIP}
	pre := motoHas(b, url, swept)
	const n = 10000
	units := n / 10
	vpc, err := c.CreateVpc(b.Context(), &ec2.CreateVpcInput{CidrBlock: s("10.0.0.0/16")})
	if err != nil {
		b.Fatal(err)
	}
	vpcID := vpc.Vpc.VpcId
	igw, err := c.CreateInternetGateway(b.Context(), &ec2.CreateInternetGatewayInput{})
	if err != nil {
		b.Fatal(err)
	}
	igwID := igw.InternetGateway.InternetGatewayId
	if _, err := c.AttachInternetGateway(b.Context(), &ec2.AttachInternetGatewayInput{InternetGatewayId: igwID, VpcId: vpcID}); err != nil {
		b.Fatal(err)
	}
	g, ctx := errgroup.WithContext(b.Context())
	g.SetLimit(8)
	for i := range units {
		g.Go(func() error {
			sub, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpcID, CidrBlock: s(fmt.Sprintf("10.0.%d.%d/28", i/16, i%16*16))})
			if err != nil {
				return err
			}
			rt, err := c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: vpcID})
			if err != nil {
				return err
			}
			if _, err := c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: rt.RouteTable.RouteTableId, DestinationCidrBlock: s("0.0.0.0/0"), GatewayId: igwID}); err != nil {
				return err
			}
			if _, err := c.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: rt.RouteTable.RouteTableId, SubnetId: sub.Subnet.SubnetId}); err != nil {
				return err
			}
			sg, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: s(fmt.Sprint("g", i)), Description: s("g"), VpcId: vpcID})
			if err != nil {
				return err
			}
			var perms []ec2types.IpPermission
			for _, port := range []int32{22, 443} {
				perms = append(perms, ec2types.IpPermission{IpProtocol: s("tcp"), FromPort: &port, ToPort: &port, IpRanges: []ec2types.IpRange{{CidrIp: s("10.0.0.0/8")}}})
			}
			if _, err := c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: sg.GroupId, IpPermissions: perms}); err != nil {
				return err
			}
			acl, err := c.CreateNetworkAcl(ctx, &ec2.CreateNetworkAclInput{VpcId: vpcID})
			if err != nil {
				return err
			}
			if _, err := c.CreateNetworkAclEntry(ctx, &ec2.CreateNetworkAclEntryInput{NetworkAclId: acl.NetworkAcl.NetworkAclId, RuleNumber: awssdk.Int32(100),
				Protocol: s("-1"), RuleAction: ec2types.RuleActionAllow, CidrBlock: s("10.0.0.0/8"), Egress: awssdk.Bool(false)}); err != nil {
				return err
			}
			_, err = c.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: ec2types.DomainTypeVpc})
			return err
		})
	}
	if err := g.Wait(); err != nil {
		b.Fatalf("build the estate in moto: %v", err)
	}
	// The minimum: the pages of each describe the sweep needs, at the
	// page sizes the reader asks for.
	count := func(what string, n int, err error) int {
		if err != nil {
			b.Fatalf("count %s: %v", what, err)
		}
		return n
	}
	subnets, err := c.DescribeSubnets(b.Context(), &ec2.DescribeSubnetsInput{})
	tables, err2 := c.DescribeRouteTables(b.Context(), &ec2.DescribeRouteTablesInput{})
	groups, err3 := c.DescribeSecurityGroups(b.Context(), &ec2.DescribeSecurityGroupsInput{})
	rules, err4 := c.DescribeSecurityGroupRules(b.Context(), &ec2.DescribeSecurityGroupRulesInput{})
	acls, err5 := c.DescribeNetworkAcls(b.Context(), &ec2.DescribeNetworkAclsInput{})
	minimum := pages(count("subnets", len(subnets.Subnets), err), 1000) + pages(count("route tables", len(tables.RouteTables), err2), 100) +
		pages(count("groups", len(groups.SecurityGroups), err3), ec2MaxGroups) + pages(count("rules", len(rules.SecurityGroupRules), err4), 1000) +
		pages(count("ACLs", len(acls.NetworkAcls), err5), 1000) + 1 // DescribeAddresses: one answer

	// And the two entries (rule 100, in and out) of the new VPC's default
	// network ACL: swept, then left out by Compare as the children of an
	// ACL no state has.
	benchMoto(b, url, sweepBench{types: swept, pre: pre, want: n + 2, minimum: minimum})
}
