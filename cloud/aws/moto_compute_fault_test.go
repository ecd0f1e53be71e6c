package aws

import (
	"errors"
	"slices"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
)

func computeTypeNames() []string {
	return []string{typeLambdaFunction, typeLambdaPermission, typeLaunchTemplate, typeAutoScalingGroup, typeEKSCluster, typeLB,
		typeLBListener, typeLBTargetGroup, typeRoute53Zone, typeRoute53Record, typeCloudFrontDistribution}
}

// buildSmallCompute makes one resource of most compute and edge types in
// moto, their state, and one state resource of each service that is gone.
func buildSmallCompute(t *testing.T, e *motoEstate) {
	ctx := t.Context()
	s := awssdk.String
	role := mustDo[*iam.CreateRoleOutput](t, "CreateRole")(iam.NewFromConfig(e.cfg).CreateRole(ctx, &iam.CreateRoleInput{RoleName: s("fn"),
		AssumeRolePolicyDocument: s(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)}))
	lc := lambda.NewFromConfig(e.cfg)
	fn := mustDo[*lambda.CreateFunctionOutput](t, "CreateFunction")(lc.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: s("api"),
		Role: role.Role.Arn, Runtime: lambdatypes.RuntimePython312, Handler: s("index.handler"),
		Code: &lambdatypes.FunctionCode{ZipFile: lambdaZip(t)}}))
	ok(t, "AddPermission")(lc.AddPermission(ctx, &lambda.AddPermissionInput{FunctionName: s("api"), StatementId: s("s3"),
		Action: s("lambda:InvokeFunction"), Principal: s("s3.amazonaws.com")}))
	e.add("aws_lambda_function.api", "api", map[string]any{"function_name": "api", "arn": awssdk.ToString(fn.FunctionArn)})
	e.add("aws_lambda_function.gone", "gone", map[string]any{"function_name": "gone"})
	e.add("aws_lambda_permission.s3", "s3", map[string]any{"function_name": "api", "statement_id": "s3"})

	ec := ec2.NewFromConfig(e.cfg)
	lt := mustDo[*ec2.CreateLaunchTemplateOutput](t, "CreateLaunchTemplate")(ec.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{
		LaunchTemplateName: s("web"), LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: s("ami-0abc")}}))
	ltID := awssdk.ToString(lt.LaunchTemplate.LaunchTemplateId)
	e.add("aws_launch_template.web", ltID, map[string]any{"name": "web"})
	e.add("aws_launch_template.gone", "lt-0123456789abcdef0", map[string]any{"name": "gone"})
	vpc := mustDo[*ec2.CreateVpcOutput](t, "CreateVpc")(ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: s("10.3.0.0/16")}))
	vpcID := awssdk.ToString(vpc.Vpc.VpcId)
	subnet := func(cidr, az string) string {
		out := mustDo[*ec2.CreateSubnetOutput](t, "CreateSubnet")(ec.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: &vpcID, CidrBlock: s(cidr), AvailabilityZone: s(az)}))
		return awssdk.ToString(out.Subnet.SubnetId)
	}
	subA, subB := subnet("10.3.1.0/24", "us-east-1a"), subnet("10.3.2.0/24", "us-east-1b")
	ok(t, "CreateAutoScalingGroup")(autoscaling.NewFromConfig(e.cfg).CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: s("web"), MinSize: awssdk.Int32(0), MaxSize: awssdk.Int32(1), VPCZoneIdentifier: s(subA),
		LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateId: &ltID}}))
	e.add("aws_autoscaling_group.web", "web", map[string]any{"name": "web"})
	e.add("aws_autoscaling_group.gone", "gone", map[string]any{"name": "gone"})
	ok(t, "CreateCluster")(eks.NewFromConfig(e.cfg).CreateCluster(ctx, &eks.CreateClusterInput{Name: s("main"), RoleArn: s("arn:aws:iam::123456789012:role/eks"),
		ResourcesVpcConfig: &ekstypes.VpcConfigRequest{SubnetIds: []string{subA, subB}}}))
	e.add("aws_eks_cluster.main", "main", map[string]any{"name": "main"})
	e.add("aws_eks_cluster.gone", "gone", map[string]any{"name": "gone"})

	c := elb.NewFromConfig(e.cfg)
	lb := mustDo[*elb.CreateLoadBalancerOutput](t, "CreateLoadBalancer")(c.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: s("app"),
		Subnets: []string{subA, subB}}))
	lbARN := awssdk.ToString(lb.LoadBalancers[0].LoadBalancerArn)
	tg := mustDo[*elb.CreateTargetGroupOutput](t, "CreateTargetGroup")(c.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: s("app"),
		Port: awssdk.Int32(80), Protocol: elbtypes.ProtocolEnumHttp, VpcId: &vpcID}))
	tgARN := awssdk.ToString(tg.TargetGroups[0].TargetGroupArn)
	l := mustDo[*elb.CreateListenerOutput](t, "CreateListener")(c.CreateListener(ctx, &elb.CreateListenerInput{LoadBalancerArn: &lbARN,
		Port: awssdk.Int32(80), Protocol: elbtypes.ProtocolEnumHttp, DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: &tgARN}}}))
	e.add("aws_lb.app", lbARN, map[string]any{"arn": lbARN})
	e.add("aws_lb.gone", lbARN[:len(lbARN)-4]+"0000", nil)
	e.add("aws_lb_target_group.app", tgARN, map[string]any{"arn": tgARN})
	e.add("aws_lb_listener.http", awssdk.ToString(l.Listeners[0].ListenerArn), map[string]any{"load_balancer_arn": lbARN})

	rc := route53.NewFromConfig(e.cfg)
	z := mustDo[*route53.CreateHostedZoneOutput](t, "CreateHostedZone")(rc.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{Name: s("example.com"),
		CallerReference: s("z")}))
	zone := zoneID(awssdk.ToString(z.HostedZone.Id))
	ok(t, "ChangeResourceRecordSets")(rc.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: &zone,
		ChangeBatch: &r53types.ChangeBatch{Changes: []r53types.Change{{Action: r53types.ChangeActionCreate, ResourceRecordSet: &r53types.ResourceRecordSet{
			Name: s("www.example.com"), Type: r53types.RRTypeA, TTL: awssdk.Int64(60), ResourceRecords: []r53types.ResourceRecord{{Value: s("192.0.2.1")}}}}}}}))
	e.add("aws_route53_zone.main", zone, map[string]any{"zone_id": zone, "name": "example.com"})
	e.add("aws_route53_zone.gone", "Z0000000000000000GONE", nil)
	e.add("aws_route53_record.www", zone+"_www_A", map[string]any{"zone_id": zone, "name": "www", "fqdn": "www.example.com", "type": "A"})
}

// The fault proxy in front of moto spoils a share of the calls of the
// compute and edge readers (an empty 200, a truncated body, HTML, a 500,
// throttling, a reset, a stall): every resource read found has exactly
// the attributes of a clean read, every one reported missing is missing,
// the rest failed; a sweep is complete or failed for its type, never
// partial.
//
// Then (one moto for both) services the credentials may not call fail
// their types' reads and sweeps, never delete them: see
// computeAccessDenied.
func TestComputeFaultsAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, computeTypeNames()...)
	buildSmallCompute(t, e)
	t.Run("faults", func(t *testing.T) { computeFaults(t, e) })
	t.Run("access denied", func(t *testing.T) { computeAccessDenied(t, e) })
}

func computeFaults(t *testing.T, e *motoEstate) {
	e.checkFaultsWith(t, 6, faultRun{seeds: 2, rate: 0.3}) // the six gone
}

// Services the credentials may not call (AccessDenied, in each protocol's
// error shape: Lambda's JSON, Elastic Load Balancing's Query XML, Route
// 53's REST-XML) fail the reads and sweeps of their types with an error
// naming the IAM actions they need; nothing becomes deleted, and the other
// services are read.
func computeAccessDenied(t *testing.T, e *motoEstate) {
	deny := []string{"lambda", "elasticloadbalancing", "route53"}
	deniedTypes := []string{typeLambdaFunction, typeLambdaPermission, typeLB, typeLBListener, typeLBTargetGroup, typeRoute53Zone, typeRoute53Record}
	r := e.deniedReader(t, deny...)
	got, err := r.Get(t.Context(), e.refs())
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range got.Found {
		if slices.Contains(deniedTypes, x.Type) {
			t.Errorf("%v found through a denied service", x.Ref)
		}
	}
	for _, m := range got.Missing {
		if slices.Contains(deniedTypes, m.Type) {
			t.Errorf("%v missing (deleted) when its service is denied", m)
		}
	}
	for _, f := range got.Failed {
		var ad *AccessDeniedError
		if !slices.Contains(deniedTypes, f.Type) || !errors.As(f.Err, &ad) || ad.Type != f.Type || len(ad.Actions) == 0 {
			t.Errorf("%v: %v, want an AccessDeniedError naming the type's actions, for denied types only", f.Ref, f.Err)
		}
	}
	if len(got.Failed) == 0 || len(got.Found) == 0 {
		t.Errorf("denied reads: %d found, %d failed; want the denied services failed and the others found", len(got.Found), len(got.Failed))
	}
	swept, err := r.List(t.Context(), r.Types())
	if err != nil {
		t.Fatal(err)
	}
	var failedTypes []string
	for _, f := range swept.Failed {
		failedTypes = append(failedTypes, f.Type)
	}
	want := slices.Sorted(slices.Values(deniedTypes))
	if !slices.Equal(failedTypes, want) {
		t.Errorf("failed sweeps %v, want %v", failedTypes, want)
	}
	for _, x := range swept.Resources {
		if slices.Contains(deniedTypes, x.Type) {
			t.Errorf("%v listed from a denied service", x.Ref)
		}
	}
}
