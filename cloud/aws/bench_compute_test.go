package aws

import (
	"fmt"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
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
	"golang.org/x/sync/errgroup"
)

// The compute and edge estate of BenchmarkSweepCompute: 10,000 resources.
const (
	benchTemplates     = 100 // moto answers DescribeLaunchTemplates in one page of at most MaxResults (200), without a NextToken
	benchGroups        = 500
	benchClusters      = 50
	benchFunctions     = 1000 // each with one permission
	benchLBs           = 200  // each with two listeners
	benchTargetGroups  = 600
	benchZones         = 50
	benchRecordsPer    = 120 // and the zone's own NS and SOA
	benchDistributions = 100
)

// BenchmarkSweepCompute sweeps 10,000 resources of the compute and edge
// types read from moto (100 launch templates, 500 Auto Scaling groups, 50
// EKS clusters, 1,000 Lambda functions with a permission each, 200 load
// balancers with two listeners each, 600 target groups, 50 zones of 120
// records, 100 distributions) through the fault proxy with 20 ms of
// latency on each call, and reports the calls made against the minimum
// the APIs need: each list call's pages at the reader's page size, one
// GetPolicy per function (Lambda has no call for many functions'
// policies), one DescribeListeners per load balancer, one record listing
// per zone. Targets: under 15 s, at most 1.2× the minimum. Moto differs
// from AWS: it answers ListFunctions and ListDistributions in one page, so
// the calls can come out below the minimum. Building the estate is not
// timed.
func BenchmarkSweepCompute(b *testing.B) {
	url, cfg := motoBench(b)
	swept := computeTypeNames()
	pre := motoHas(b, url, swept)
	buildComputeBench(b, cfg)
	const n = benchTemplates + benchGroups + benchClusters + 2*benchFunctions + 3*benchLBs + benchTargetGroups + benchZones*(1+benchRecordsPer) + benchDistributions
	minimum := pages(benchTemplates, ec2MaxLaunchTemplates) + pages(benchGroups, asgMaxRecords) + pages(benchClusters, eksMaxResults) +
		pages(benchFunctions, lambdaMaxItems) + benchFunctions +
		pages(benchLBs, elbPageSize) + benchLBs + pages(benchTargetGroups, elbPageSize) +
		pages(benchZones, r53MaxZones) + benchZones*pages(benchRecordsPer+2, r53MaxRecords) +
		pages(benchDistributions, cfMaxItems)
	benchMoto(b, url, sweepBench{types: swept, pre: pre, want: n, minimum: minimum})
}

// buildComputeBench makes the benchmark's estate in moto, a few calls at
// a time.
func buildComputeBench(b *testing.B, cfg awssdk.Config) {
	ctx := b.Context()
	s := awssdk.String
	ec := ec2.NewFromConfig(cfg)
	vpc, err := ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: s("10.9.0.0/16")})
	if err != nil {
		b.Fatal(err)
	}
	var subnets []string
	for i, az := range []string{"us-east-1a", "us-east-1b"} {
		sub, err := ec.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: s(fmt.Sprintf("10.9.%d.0/24", i)), AvailabilityZone: s(az)})
		if err != nil {
			b.Fatal(err)
		}
		subnets = append(subnets, awssdk.ToString(sub.Subnet.SubnetId))
	}
	role, err := iam.NewFromConfig(cfg).CreateRole(ctx, &iam.CreateRoleInput{RoleName: s("bench-fn"),
		AssumeRolePolicyDocument: s(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)})
	if err != nil {
		b.Fatal(err)
	}
	lt, err := ec.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: s("lt-0"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: s("ami-0abc")}})
	if err != nil {
		b.Fatal(err)
	}
	ltID := lt.LaunchTemplate.LaunchTemplateId
	code := lambdaZip(b)
	as, ek, lc := autoscaling.NewFromConfig(cfg), eks.NewFromConfig(cfg), lambda.NewFromConfig(cfg)
	eb, rc, cf := elb.NewFromConfig(cfg), route53.NewFromConfig(cfg), cloudfront.NewFromConfig(cfg)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	each := func(n int, make func(i int) error) {
		for i := range n {
			g.Go(func() error { return make(i) })
		}
	}
	each(benchTemplates-1, func(i int) error {
		_, err := ec.CreateLaunchTemplate(gctx, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: s(fmt.Sprint("lt-", i+1)),
			LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: s("ami-0abc")}})
		return err
	})
	each(benchGroups, func(i int) error {
		_, err := as.CreateAutoScalingGroup(gctx, &autoscaling.CreateAutoScalingGroupInput{AutoScalingGroupName: s(fmt.Sprint("asg-", i)),
			MinSize: awssdk.Int32(0), MaxSize: awssdk.Int32(1), DesiredCapacity: awssdk.Int32(0), VPCZoneIdentifier: &subnets[0],
			LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateId: ltID}})
		return err
	})
	each(benchClusters, func(i int) error {
		_, err := ek.CreateCluster(gctx, &eks.CreateClusterInput{Name: s(fmt.Sprint("eks-", i)), RoleArn: role.Role.Arn,
			ResourcesVpcConfig: &ekstypes.VpcConfigRequest{SubnetIds: subnets}})
		return err
	})
	each(benchFunctions, func(i int) error {
		name := fmt.Sprint("fn-", i)
		if _, err := lc.CreateFunction(gctx, &lambda.CreateFunctionInput{FunctionName: &name, Role: role.Role.Arn, Runtime: lambdatypes.RuntimePython312,
			Handler: s("index.handler"), Code: &lambdatypes.FunctionCode{ZipFile: code}}); err != nil {
			return err
		}
		_, err := lc.AddPermission(gctx, &lambda.AddPermissionInput{FunctionName: &name, StatementId: s("s3"), Action: s("lambda:InvokeFunction"),
			Principal: s("s3.amazonaws.com")})
		return err
	})
	each(benchTargetGroups, func(i int) error {
		_, err := eb.CreateTargetGroup(gctx, &elb.CreateTargetGroupInput{Name: s(fmt.Sprint("tg-", i)), Port: awssdk.Int32(80),
			Protocol: elbtypes.ProtocolEnumHttp, VpcId: vpc.Vpc.VpcId})
		return err
	})
	each(benchLBs, func(i int) error {
		lb, err := eb.CreateLoadBalancer(gctx, &elb.CreateLoadBalancerInput{Name: s(fmt.Sprint("lb-", i)), Subnets: subnets})
		if err != nil {
			return err
		}
		for _, port := range []int32{80, 8080} {
			if _, err := eb.CreateListener(gctx, &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Port: &port,
				Protocol: elbtypes.ProtocolEnumHttp, DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse,
					FixedResponseConfig: &elbtypes.FixedResponseActionConfig{StatusCode: s("404")}}}}); err != nil {
				return err
			}
		}
		return nil
	})
	each(benchZones, func(i int) error {
		name := fmt.Sprintf("z%d.example", i)
		z, err := rc.CreateHostedZone(gctx, &route53.CreateHostedZoneInput{Name: &name, CallerReference: &name})
		if err != nil {
			return err
		}
		var changes []r53types.Change
		for j := range benchRecordsPer {
			changes = append(changes, r53types.Change{Action: r53types.ChangeActionCreate, ResourceRecordSet: &r53types.ResourceRecordSet{
				Name: s(fmt.Sprintf("h%d.%s", j, name)), Type: r53types.RRTypeA, TTL: awssdk.Int64(60),
				ResourceRecords: []r53types.ResourceRecord{{Value: s("192.0.2.1")}}}})
		}
		_, err = rc.ChangeResourceRecordSets(gctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: z.HostedZone.Id,
			ChangeBatch: &r53types.ChangeBatch{Changes: changes}})
		return err
	})
	each(benchDistributions, func(i int) error {
		ref := fmt.Sprint("cf-", i)
		_, err := cf.CreateDistribution(gctx, &cloudfront.CreateDistributionInput{DistributionConfig: &cftypes.DistributionConfig{
			CallerReference: &ref, Comment: &ref, Enabled: awssdk.Bool(true),
			Origins: &cftypes.Origins{Quantity: awssdk.Int32(1), Items: []cftypes.Origin{{Id: s("o"), DomainName: s("o.s3.amazonaws.com"),
				S3OriginConfig: &cftypes.S3OriginConfig{OriginAccessIdentity: s("")}}}},
			DefaultCacheBehavior: &cftypes.DefaultCacheBehavior{TargetOriginId: s("o"), ViewerProtocolPolicy: cftypes.ViewerProtocolPolicyHttpsOnly,
				CachePolicyId:  s("658327ea-f89d-4fab-a63d-7e88639e58f6"), // the managed CachingOptimized policy
				TrustedSigners: &cftypes.TrustedSigners{Enabled: awssdk.Bool(false), Quantity: awssdk.Int32(0)}}}})
		return err
	})
	if err := g.Wait(); err != nil {
		b.Fatalf("build the estate in moto: %v", err)
	}
}
