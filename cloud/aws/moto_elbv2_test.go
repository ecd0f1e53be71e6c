package aws

import (
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// Load balancers, listeners and target groups against moto (ids are ARNs
// in provider v4 to v6). No drift on the untouched estate; deletion
// protection turned on and header validation turned off by hand, a
// listener's default action pointed at another target group, a target
// group's health check path changed are changes; a listener added to a
// managed load balancer is unmanaged, the listener of an unmanaged load
// balancer is not (the load balancer is); deleted ones are deleted.
func TestLoadBalancerDriftAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, typeLB, typeLBListener, typeLBTargetGroup)
	ctx := t.Context()
	s := awssdk.String
	ec := ec2.NewFromConfig(e.cfg)
	vpc := mustDo[*ec2.CreateVpcOutput](t, "CreateVpc")(ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: s("10.2.0.0/16")}))
	vpcID := awssdk.ToString(vpc.Vpc.VpcId)
	subnet := func(cidr, az string) string {
		out := mustDo[*ec2.CreateSubnetOutput](t, "CreateSubnet")(ec.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: &vpcID, CidrBlock: s(cidr), AvailabilityZone: s(az)}))
		return awssdk.ToString(out.Subnet.SubnetId)
	}
	subA, subB := subnet("10.2.1.0/24", "us-east-1a"), subnet("10.2.2.0/24", "us-east-1b")
	sg := mustDo[*ec2.CreateSecurityGroupOutput](t, "CreateSecurityGroup")(ec.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{
		GroupName: s("alb"), Description: s("alb"), VpcId: &vpcID}))
	sgID := awssdk.ToString(sg.GroupId)

	c := elb.NewFromConfig(e.cfg)
	lb := func(name string) string {
		out := mustDo[*elb.CreateLoadBalancerOutput](t, "CreateLoadBalancer "+name)(c.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{
			Name: s(name), Subnets: []string{subA, subB}, SecurityGroups: []string{sgID}, Scheme: elbtypes.LoadBalancerSchemeEnumInternal,
			Tags: []elbtypes.Tag{{Key: s("team"), Value: s("edge")}}}))
		return awssdk.ToString(out.LoadBalancers[0].LoadBalancerArn)
	}
	tg := func(name string) string {
		out := mustDo[*elb.CreateTargetGroupOutput](t, "CreateTargetGroup "+name)(c.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{
			Name: s(name), Port: awssdk.Int32(8080), Protocol: elbtypes.ProtocolEnumHttp, VpcId: &vpcID, TargetType: elbtypes.TargetTypeEnumIp,
			HealthCheckPath: s("/health"), Tags: []elbtypes.Tag{{Key: s("team"), Value: s("edge")}}}))
		return awssdk.ToString(out.TargetGroups[0].TargetGroupArn)
	}
	listener := func(lbARN string, port int32, tgARN string) string {
		out := mustDo[*elb.CreateListenerOutput](t, "CreateListener")(c.CreateListener(ctx, &elb.CreateListenerInput{LoadBalancerArn: &lbARN,
			Port: awssdk.Int32(port), Protocol: elbtypes.ProtocolEnumHttp,
			DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: &tgARN}}}))
		return awssdk.ToString(out.Listeners[0].ListenerArn)
	}
	appLB, strayLB := lb("app"), lb("stray")
	appTG, otherTG := tg("app"), tg("other")
	appL := listener(appLB, 80, appTG)
	listener(strayLB, 80, otherTG) // of an unmanaged load balancer
	appDNS := awssdk.ToString(mustDo[*elb.DescribeLoadBalancersOutput](t, "DescribeLoadBalancers")(c.DescribeLoadBalancers(ctx,
		&elb.DescribeLoadBalancersInput{LoadBalancerArns: []string{appLB}})).LoadBalancers[0].DNSName)

	e.add("aws_lb.app", appLB, map[string]any{"arn": appLB, "name": "app", "internal": true, "load_balancer_type": "application",
		"subnets": []any{subB, subA}, "security_groups": []any{sgID}, "dns_name": appDNS, "vpc_id": vpcID,
		"drop_invalid_header_fields": false, "enable_deletion_protection": false, "idle_timeout": 60.0,
		"access_logs": []any{map[string]any{"bucket": "", "enabled": false, "prefix": ""}}, "tags": map[string]any{"team": "edge"}})
	e.add("aws_lb_target_group.app", appTG, map[string]any{"arn": appTG, "name": "app", "port": 8080.0, "protocol": "HTTP", "vpc_id": vpcID,
		"target_type": "ip", "tags": map[string]any{"team": "edge"},
		"health_check": []any{map[string]any{"enabled": true, "path": "/health", "port": "traffic-port", "protocol": "HTTP", "matcher": "200",
			"interval": 30.0, "timeout": 5.0, "healthy_threshold": 5.0, "unhealthy_threshold": 2.0}}})
	e.add("aws_lb_target_group.other", otherTG, map[string]any{"arn": otherTG, "name": "other", "port": 8080.0, "protocol": "HTTP",
		"vpc_id": vpcID, "target_type": "ip", "tags": map[string]any{"team": "edge"}})
	e.add("aws_lb_listener.http", appL, map[string]any{"arn": appL, "load_balancer_arn": appLB, "port": 80.0, "protocol": "HTTP",
		// Moto differs from AWS: it answers a default SSL policy for an
		// HTTP listener (AWS answers none, and the provider keeps "").
		// The provider keeps what the API answers: here, moto's.
		"ssl_policy": "ELBSecurityPolicy-2016-08", "certificate_arn": "",
		"default_action": []any{map[string]any{"type": "forward", "target_group_arn": appTG, "order": 1.0, "redirect": []any{},
			"fixed_response": []any{}, "forward": []any{}}}})

	e.expect("right after creation", "unmanaged aws_lb "+strayLB)
	e.checkActions()

	ok(t, "ModifyLoadBalancerAttributes")(c.ModifyLoadBalancerAttributes(ctx, &elb.ModifyLoadBalancerAttributesInput{LoadBalancerArn: &appLB,
		Attributes: []elbtypes.LoadBalancerAttribute{{Key: s("deletion_protection.enabled"), Value: s("true")},
			{Key: s("routing.http.drop_invalid_header_fields.enabled"), Value: s("true")}}}))
	ok(t, "ModifyListener")(c.ModifyListener(ctx, &elb.ModifyListenerInput{ListenerArn: &appL,
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: &otherTG}}}))
	ok(t, "ModifyTargetGroup")(c.ModifyTargetGroup(ctx, &elb.ModifyTargetGroupInput{TargetGroupArn: &appTG, HealthCheckPath: s("/")}))
	byHand := listener(appLB, 8080, appTG)
	e.expect("after the changes",
		"changed aws_lb aws_lb.app drop_invalid_header_fields=true enable_deletion_protection=true",
		"changed aws_lb_listener aws_lb_listener.http default_action[0].target_group_arn="+otherTG,
		"changed aws_lb_target_group aws_lb_target_group.app health_check[0].path=/",
		"unmanaged aws_lb "+strayLB,
		"unmanaged aws_lb_listener "+byHand,
	)

	ok(t, "ModifyLoadBalancerAttributes back")(c.ModifyLoadBalancerAttributes(ctx, &elb.ModifyLoadBalancerAttributesInput{LoadBalancerArn: &appLB,
		Attributes: []elbtypes.LoadBalancerAttribute{{Key: s("deletion_protection.enabled"), Value: s("false")}}}))
	ok(t, "DeleteLoadBalancer")(c.DeleteLoadBalancer(ctx, &elb.DeleteLoadBalancerInput{LoadBalancerArn: &appLB}))
	ok(t, "DeleteTargetGroup")(c.DeleteTargetGroup(ctx, &elb.DeleteTargetGroupInput{TargetGroupArn: &appTG}))
	e.expect("after the deletions",
		"deleted aws_lb aws_lb.app",
		"deleted aws_lb_listener aws_lb_listener.http",
		"deleted aws_lb_target_group aws_lb_target_group.app",
		"unmanaged aws_lb "+strayLB,
	)
}
