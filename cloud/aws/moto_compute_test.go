package aws

import (
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
)

// Launch templates, Auto Scaling groups and EKS clusters against moto,
// with the instance sweep: the instances a group launches (tagged
// aws:autoscaling:groupName) and those of an EKS managed node group
// (eks:nodegroup-name) are never unmanaged aws_instance. No drift on the
// untouched estate; a new default version of a template, a resized group,
// a cluster's public endpoint CIDRs widened are changes; a template, a
// group and a cluster made by hand are unmanaged; deleted ones deleted.
// The ids (lt-…, the group's name, the cluster's name) are one form in
// provider v4 to v6.
func TestComputeDriftAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, typeLaunchTemplate, typeAutoScalingGroup, typeEKSCluster, typeInstance)
	ctx := t.Context()
	s := awssdk.String
	ec := ec2.NewFromConfig(e.cfg)
	vpc := mustDo[*ec2.CreateVpcOutput](t, "CreateVpc")(ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: s("10.1.0.0/16")}))
	vpcID := awssdk.ToString(vpc.Vpc.VpcId)
	subnet := func(cidr, az string) string {
		out := mustDo[*ec2.CreateSubnetOutput](t, "CreateSubnet")(ec.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: &vpcID, CidrBlock: s(cidr), AvailabilityZone: s(az)}))
		return awssdk.ToString(out.Subnet.SubnetId)
	}
	subA, subB := subnet("10.1.1.0/24", "us-east-1a"), subnet("10.1.2.0/24", "us-east-1b")
	sg := mustDo[*ec2.CreateSecurityGroupOutput](t, "CreateSecurityGroup")(ec.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{
		GroupName: s("web"), Description: s("web"), VpcId: &vpcID}))
	sgID := awssdk.ToString(sg.GroupId)

	template := func(name string, tags ...ec2types.Tag) string {
		out := mustDo[*ec2.CreateLaunchTemplateOutput](t, "CreateLaunchTemplate "+name)(ec.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{
			LaunchTemplateName: s(name), VersionDescription: s("first"),
			LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: s("ami-0abc"), InstanceType: ec2types.InstanceTypeT3Micro,
				SecurityGroupIds: []string{sgID},
				MetadataOptions:  &ec2types.LaunchTemplateInstanceMetadataOptionsRequest{HttpTokens: ec2types.LaunchTemplateHttpTokensStateRequired}},
			TagSpecifications: []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeLaunchTemplate, Tags: tags}}}))
		return awssdk.ToString(out.LaunchTemplate.LaunchTemplateId)
	}
	web := template("web", ec2types.Tag{Key: s("team"), Value: s("web")})
	stray := template("stray", ec2types.Tag{Key: s("team"), Value: s("none")})

	as := autoscaling.NewFromConfig(e.cfg)
	ok(t, "CreateAutoScalingGroup")(as.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{AutoScalingGroupName: s("web"),
		MinSize: awssdk.Int32(1), MaxSize: awssdk.Int32(3), DesiredCapacity: awssdk.Int32(1), VPCZoneIdentifier: s(subA + "," + subB),
		LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateId: &web, Version: s("$Default")},
		Tags:           []astypes.Tag{{Key: s("team"), Value: s("web"), PropagateAtLaunch: awssdk.Bool(true)}}}))
	// An instance of an EKS managed node group, as EKS tags it (moto's
	// node groups launch no instances).
	ok(t, "RunInstances node")(ec.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: s("ami-0abc"), MinCount: awssdk.Int32(1), MaxCount: awssdk.Int32(1),
		TagSpecifications: []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeInstance, Tags: []ec2types.Tag{
			{Key: s("eks:nodegroup-name"), Value: s("workers")}, {Key: s("eks:cluster-name"), Value: s("main")}}}}}))

	ek := eks.NewFromConfig(e.cfg)
	roleARN := "arn:aws:iam::123456789012:role/eks"
	cluster := mustDo[*eks.CreateClusterOutput](t, "CreateCluster")(ek.CreateCluster(ctx, &eks.CreateClusterInput{Name: s("main"), RoleArn: s(roleARN),
		Version: s("1.29"),
		ResourcesVpcConfig: &ekstypes.VpcConfigRequest{SubnetIds: []string{subA, subB}, SecurityGroupIds: []string{sgID},
			EndpointPublicAccess: awssdk.Bool(true), EndpointPrivateAccess: awssdk.Bool(false), PublicAccessCidrs: []string{"10.0.0.0/8"}},
		Tags: map[string]string{"env": "prod"}}))

	e.add("aws_launch_template.web", web, map[string]any{"name": "web", "description": "first", "default_version": 1.0, "latest_version": 1.0,
		"image_id": "ami-0abc", "instance_type": "t3.micro", "ebs_optimized": "", "vpc_security_group_ids": []any{sgID},
		"metadata_options": []any{map[string]any{"http_tokens": "required", "http_endpoint": "enabled", "http_put_response_hop_limit": 1.0,
			"http_protocol_ipv6": "", "instance_metadata_tags": ""}},
		"tags": map[string]any{"team": "web"}})
	e.add("aws_autoscaling_group.web", "web", map[string]any{"name": "web", "min_size": 1.0, "max_size": 3.0, "desired_capacity": 1.0,
		"health_check_type": "EC2", "vpc_zone_identifier": []any{subB, subA}, "target_group_arns": []any{},
		"launch_template": []any{map[string]any{"id": web, "name": "web", "version": "$Default"}},
		"tag":             []any{map[string]any{"key": "team", "value": "web", "propagate_at_launch": true}}})
	e.add("aws_eks_cluster.main", "main", map[string]any{"name": "main", "arn": awssdk.ToString(cluster.Cluster.Arn), "version": "1.29",
		"role_arn": roleARN, "enabled_cluster_log_types": []any{}, "encryption_config": []any{}, "tags": map[string]any{"env": "prod"},
		"vpc_config": []any{map[string]any{"endpoint_public_access": true, "endpoint_private_access": false, "public_access_cidrs": []any{"10.0.0.0/8"},
			// Moto differs from AWS: DescribeCluster has no vpcId (nor
			// clusterSecurityGroupId), so vpc_id is not compared here.
			"subnet_ids": []any{subB, subA}, "security_group_ids": []any{sgID}, "vpc_id": vpcID}}})

	// The group's instance and the node group's are live, and no state
	// has them: neither is unmanaged.
	insts := mustDo[*ec2.DescribeInstancesOutput](t, "DescribeInstances")(ec.DescribeInstances(ctx, &ec2.DescribeInstancesInput{}))
	if n := len(insts.Reservations); n != 2 {
		t.Fatalf("moto runs %d reservations, want the group's and the node's", n)
	}
	e.expect("right after creation", "unmanaged aws_launch_template "+stray)
	e.checkActions()

	ok(t, "CreateLaunchTemplateVersion")(ec.CreateLaunchTemplateVersion(ctx, &ec2.CreateLaunchTemplateVersionInput{LaunchTemplateId: &web,
		VersionDescription: s("second"), LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: s("ami-0def"),
			InstanceType: ec2types.InstanceTypeT3Large, SecurityGroupIds: []string{sgID}}}))
	ok(t, "ModifyLaunchTemplate")(ec.ModifyLaunchTemplate(ctx, &ec2.ModifyLaunchTemplateInput{LaunchTemplateId: &web, DefaultVersion: s("2")}))
	ok(t, "UpdateAutoScalingGroup")(as.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: s("web"),
		MaxSize: awssdk.Int32(10)}))
	ok(t, "CreateAutoScalingGroup by hand")(as.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{AutoScalingGroupName: s("by-hand"),
		MinSize: awssdk.Int32(0), MaxSize: awssdk.Int32(1), DesiredCapacity: awssdk.Int32(1), VPCZoneIdentifier: s(subA),
		LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateId: &stray}}))
	ok(t, "UpdateClusterConfig")(ek.UpdateClusterConfig(ctx, &eks.UpdateClusterConfigInput{Name: s("main"),
		// The whole VPC config: moto replaces it with what is given (AWS
		// changes only the fields given).
		ResourcesVpcConfig: &ekstypes.VpcConfigRequest{SubnetIds: []string{subA, subB}, SecurityGroupIds: []string{sgID},
			EndpointPublicAccess: awssdk.Bool(true), EndpointPrivateAccess: awssdk.Bool(false), PublicAccessCidrs: []string{"0.0.0.0/0"}}}))
	ok(t, "CreateCluster by hand")(ek.CreateCluster(ctx, &eks.CreateClusterInput{Name: s("by-hand"), RoleArn: s(roleARN),
		ResourcesVpcConfig: &ekstypes.VpcConfigRequest{SubnetIds: []string{subA}}}))
	e.expect("after the changes",
		"changed aws_autoscaling_group aws_autoscaling_group.web max_size=10",
		"changed aws_eks_cluster aws_eks_cluster.main vpc_config[0].public_access_cidrs[0]=0.0.0.0/0",
		"changed aws_launch_template aws_launch_template.web default_version=2 description=second image_id=ami-0def instance_type=t3.large latest_version=2 metadata_options[0]=<nil>",
		"unmanaged aws_autoscaling_group by-hand",
		"unmanaged aws_eks_cluster by-hand",
		"unmanaged aws_launch_template "+stray,
	)

	ok(t, "DeleteAutoScalingGroup")(as.DeleteAutoScalingGroup(ctx, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: s("web"),
		ForceDelete: awssdk.Bool(true)}))
	ok(t, "DeleteLaunchTemplate")(ec.DeleteLaunchTemplate(ctx, &ec2.DeleteLaunchTemplateInput{LaunchTemplateId: &web}))
	ok(t, "DeleteCluster")(ek.DeleteCluster(ctx, &eks.DeleteClusterInput{Name: s("main")}))
	e.expect("after the deletions",
		"deleted aws_autoscaling_group aws_autoscaling_group.web",
		"deleted aws_eks_cluster aws_eks_cluster.main",
		"deleted aws_launch_template aws_launch_template.web",
		"unmanaged aws_autoscaling_group by-hand",
		"unmanaged aws_eks_cluster by-hand",
		"unmanaged aws_launch_template "+stray,
	)
}
