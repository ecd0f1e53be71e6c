package awslocal

import (
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func filter(name string, values ...string) types.Filter {
	return types.Filter{Name: aws.String(name), Values: values}
}

func TestEC2DescribeSecurityGroups(t *testing.T) {
	e := newEnv(t, testSeed(t), Options{})
	ctx := t.Context()
	out, err := e.ec2().DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{filter("group-id", "sg-0123456789abcdef0", "sg-0000000000000dead")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.SecurityGroups) != 1 {
		t.Fatalf("groups = %d, want 1 (a missing ID in a filter is not an error)", len(out.SecurityGroups))
	}
	g := out.SecurityGroups[0]
	if aws.ToString(g.GroupName) != "web" || aws.ToString(g.Description) != "web tier" || aws.ToString(g.VpcId) != "vpc-0a1b2c3d" || aws.ToString(g.OwnerId) != "111122223333" {
		t.Fatalf("group = %+v", g)
	}
	if len(g.Tags) != 1 || aws.ToString(g.Tags[0].Key) != "Name" {
		t.Fatalf("tags = %+v", g.Tags)
	}
	// Rules are grouped by protocol and ports, as EC2 does.
	if len(g.IpPermissions) != 3 {
		t.Fatalf("ingress permissions = %d, want 3: %+v", len(g.IpPermissions), g.IpPermissions)
	}
	https := g.IpPermissions[0]
	if aws.ToString(https.IpProtocol) != "tcp" || aws.ToInt32(https.FromPort) != 443 || aws.ToInt32(https.ToPort) != 443 ||
		aws.ToString(https.IpRanges[0].CidrIp) != "0.0.0.0/0" || aws.ToString(https.IpRanges[0].Description) != "https" ||
		aws.ToString(https.Ipv6Ranges[0].CidrIpv6) != "::/0" {
		t.Fatalf("https permission = %+v", https)
	}
	all := g.IpPermissions[2]
	var peers []string
	for _, p := range all.UserIdGroupPairs {
		peers = append(peers, aws.ToString(p.GroupId))
	}
	slices.Sort(peers)
	if !slices.Equal(peers, []string{"sg-0123456789abcdef0", "sg-0fedcba9876543210"}) {
		t.Fatalf("group pairs = %v", peers)
	}
	if len(g.IpPermissionsEgress) != 1 || aws.ToString(g.IpPermissionsEgress[0].IpProtocol) != "-1" || g.IpPermissionsEgress[0].FromPort != nil {
		t.Fatalf("default egress = %+v", g.IpPermissionsEgress)
	}

	db, err := e.ec2().DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{"sg-0fedcba9876543210"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(db.SecurityGroups[0].IpPermissionsEgress) != 0 {
		t.Fatalf("egress: [] must mean no egress rule: %+v", db.SecurityGroups[0].IpPermissionsEgress)
	}
	_, err = e.ec2().DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{"sg-0000000000000dead"}})
	wantCode(t, err, "InvalidGroup.NotFound")
	_, err = e.ec2().DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{filter("no-such-filter", "x")}})
	wantCode(t, err, "InvalidParameterValue")

	other, err := ec2.NewFromConfig(e.cfg, func(o *ec2.Options) { o.Region = "eu-west-1" }).DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{})
	if err != nil || len(other.SecurityGroups) != 0 {
		t.Fatalf("another region sees %d groups (%v), want none", len(other.SecurityGroups), err)
	}
}

func TestEC2DescribeInstancesPaginates(t *testing.T) {
	seed := testSeed(t)
	for i := range 12 {
		seed.Instances = append(seed.Instances, Instance{ID: fmt.Sprintf("i-1%016x", i), AMI: "ami-1", InstanceType: "t3.nano"})
	}
	seed.Instances[5].InstanceState = "terminated"
	e := newEnv(t, seed, Options{})
	ctx := t.Context()

	var ids []string
	pages := 0
	p := ec2.NewDescribeInstancesPaginator(e.ec2(), &ec2.DescribeInstancesInput{MaxResults: aws.Int32(5)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, r := range out.Reservations {
			for _, i := range r.Instances {
				ids = append(ids, aws.ToString(i.InstanceId))
			}
		}
	}
	if len(ids) != 14 || pages != 3 {
		t.Fatalf("%d instances in %d pages", len(ids), pages)
	}

	running, err := e.ec2().DescribeInstances(ctx, &ec2.DescribeInstancesInput{Filters: []types.Filter{filter("instance-state-name", "pending", "running", "stopping", "stopped")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(running.Reservations) != 13 {
		t.Fatalf("non-terminated = %d, want 13", len(running.Reservations))
	}

	out, err := e.ec2().DescribeInstances(ctx, &ec2.DescribeInstancesInput{Filters: []types.Filter{filter("instance-id", "i-0aaaaaaaaaaaaaaa1", "i-0000000000000dead")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Reservations) != 1 {
		t.Fatalf("reservations = %d", len(out.Reservations))
	}
	i := out.Reservations[0].Instances[0]
	if aws.ToString(i.ImageId) != "ami-0abc" || i.InstanceType != types.InstanceTypeT3Micro || i.State.Name != types.InstanceStateNameRunning ||
		aws.ToString(i.Placement.AvailabilityZone) != "us-east-1a" || aws.ToString(i.RootDeviceName) != "/dev/xvda" {
		t.Fatalf("instance = %+v", i)
	}
	if m := i.MetadataOptions; m.HttpTokens != types.HttpTokensStateOptional || m.HttpEndpoint != types.InstanceMetadataEndpointStateEnabled || aws.ToInt32(m.HttpPutResponseHopLimit) != 1 {
		t.Fatalf("metadata options = %+v", m)
	}
	if len(i.BlockDeviceMappings) != 2 || aws.ToString(i.BlockDeviceMappings[1].Ebs.VolumeId) != "vol-0root0000000001" || !aws.ToBool(i.BlockDeviceMappings[1].Ebs.DeleteOnTermination) {
		t.Fatalf("block devices = %+v", i.BlockDeviceMappings)
	}
	if len(i.SecurityGroups) != 1 || aws.ToString(i.SecurityGroups[0].GroupName) != "web" {
		t.Fatalf("groups = %+v", i.SecurityGroups)
	}

	_, err = e.ec2().DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{"i-0000000000000dead"}})
	wantCode(t, err, "InvalidInstanceID.NotFound")
	_, err = e.ec2().DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{"i-0aaaaaaaaaaaaaaa1"}, MaxResults: aws.Int32(5)})
	wantCode(t, err, "InvalidParameterCombination")
	_, err = e.ec2().DescribeInstances(ctx, &ec2.DescribeInstancesInput{NextToken: aws.String("garbage")})
	wantCode(t, err, "InvalidParameterValue")
}

func TestEC2DescribeVolumes(t *testing.T) {
	e := newEnv(t, testSeed(t), Options{})
	ctx := t.Context()
	var vols []types.Volume
	p := ec2.NewDescribeVolumesPaginator(e.ec2(), &ec2.DescribeVolumesInput{MaxResults: aws.Int32(5)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		vols = append(vols, out.Volumes...)
	}
	if len(vols) != 4 {
		t.Fatalf("volumes = %d, want 4", len(vols))
	}
	out, err := e.ec2().DescribeVolumes(ctx, &ec2.DescribeVolumesInput{VolumeIds: []string{"vol-0data000000001"}})
	if err != nil {
		t.Fatal(err)
	}
	v := out.Volumes[0]
	if aws.ToInt32(v.Size) != 100 || v.VolumeType != types.VolumeTypeIo2 || aws.ToInt32(v.Iops) != 3000 || aws.ToBool(v.Encrypted) ||
		aws.ToString(v.AvailabilityZone) != "us-east-1b" || v.State != types.VolumeStateAvailable || aws.ToString(v.Tags[0].Value) != "data" {
		t.Fatalf("volume = %+v", v)
	}
	root, err := e.ec2().DescribeVolumes(ctx, &ec2.DescribeVolumesInput{Filters: []types.Filter{filter("attachment.instance-id", "i-0aaaaaaaaaaaaaaa2")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(root.Volumes) != 1 || !aws.ToBool(root.Volumes[0].Encrypted) || aws.ToInt32(root.Volumes[0].Size) != 50 || root.Volumes[0].VolumeType != types.VolumeTypeGp3 ||
		aws.ToString(root.Volumes[0].Attachments[0].InstanceId) != "i-0aaaaaaaaaaaaaaa2" || root.Volumes[0].State != types.VolumeStateInUse {
		t.Fatalf("root volume = %+v", root.Volumes)
	}
	_, err = e.ec2().DescribeVolumes(ctx, &ec2.DescribeVolumesInput{VolumeIds: []string{"vol-0000000000dead"}})
	wantCode(t, err, "InvalidVolume.NotFound")
}

func TestEC2Writes(t *testing.T) {
	e := newEnv(t, testSeed(t), Options{})
	ctx := t.Context()
	c := e.ec2()
	sg := aws.String("sg-0fedcba9876543210")
	perm := types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0"), Description: aws.String("ssh")}}}

	if _, err := c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: sg, IpPermissions: []types.IpPermission{perm}}); err != nil {
		t.Fatal(err)
	}
	_, err := c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: sg, IpPermissions: []types.IpPermission{perm}})
	wantCode(t, err, "InvalidPermission.Duplicate")
	groups := func() []types.IpPermission {
		out, err := c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{*sg}})
		if err != nil {
			t.Fatal(err)
		}
		return out.SecurityGroups[0].IpPermissions
	}
	if got := groups(); len(got) != 2 || aws.ToString(got[1].IpRanges[0].Description) != "ssh" {
		t.Fatalf("after authorize: %+v", got)
	}
	if _, err := c.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: sg, IpPermissions: []types.IpPermission{perm}}); err != nil {
		t.Fatal(err)
	}
	if got := groups(); len(got) != 1 {
		t.Fatalf("after revoke: %+v", got)
	}
	rev, err := c.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: sg, IpPermissions: []types.IpPermission{perm}})
	if err != nil || len(rev.UnknownIpPermissions) != 1 {
		t.Fatalf("revoking an absent rule: %+v %v", rev, err)
	}
	_, err = c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String("sg-0000000000000dead"), IpPermissions: []types.IpPermission{perm}})
	wantCode(t, err, "InvalidGroup.NotFound")

	if _, err := c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{"i-0aaaaaaaaaaaaaaa2", "vol-0data000000001", *sg}, Tags: []types.Tag{{Key: aws.String("owner"), Value: aws.String("ops")}}}); err != nil {
		t.Fatal(err)
	}
	inst, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{Filters: []types.Filter{filter("tag:owner", "ops")}})
	if err != nil || len(inst.Reservations) != 1 || aws.ToString(inst.Reservations[0].Instances[0].InstanceId) != "i-0aaaaaaaaaaaaaaa2" {
		t.Fatalf("tag filter after CreateTags: %+v %v", inst, err)
	}
	_, err = c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{"i-0000000000000dead"}, Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
	wantCode(t, err, "InvalidInstanceID.NotFound")

	mod, err := c.ModifyInstanceMetadataOptions(ctx, &ec2.ModifyInstanceMetadataOptionsInput{InstanceId: aws.String("i-0aaaaaaaaaaaaaaa1"), HttpTokens: types.HttpTokensStateRequired, HttpPutResponseHopLimit: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	if mod.InstanceMetadataOptions.HttpTokens != types.HttpTokensStateRequired || mod.InstanceMetadataOptions.State != types.InstanceMetadataOptionsStatePending {
		t.Fatalf("modify response = %+v", mod.InstanceMetadataOptions)
	}
	after, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{Filters: []types.Filter{filter("instance-id", "i-0aaaaaaaaaaaaaaa1")}})
	if err != nil {
		t.Fatal(err)
	}
	if m := after.Reservations[0].Instances[0].MetadataOptions; m.HttpTokens != types.HttpTokensStateRequired || aws.ToInt32(m.HttpPutResponseHopLimit) != 2 || m.HttpEndpoint != types.InstanceMetadataEndpointStateEnabled {
		t.Fatalf("metadata after modify = %+v", m)
	}
	_, err = c.ModifyInstanceMetadataOptions(ctx, &ec2.ModifyInstanceMetadataOptionsInput{InstanceId: aws.String("i-0aaaaaaaaaaaaaaa1"), HttpTokens: "sometimes"})
	wantCode(t, err, "InvalidParameterValue")
}
