package aws

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/iac/tfstate"
	"github.com/driftfix/driftfix/internal/testenv"
)

// startMoto starts moto_server for the test (testenv.Moto: skipped without
// it, a failure in CI).
func startMoto(t testing.TB) string { return testenv.Moto(t) }

// motoAccount holds the IDs of what the test creates in moto.
type motoAccount struct {
	sgID, instanceID, volumeID, keyID string
}

func mustDo[T any](t *testing.T, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

// Drift against moto: resources created through the real SDK, described
// by a state as Terraform would write it, read by the AWS inventory. No
// false finding; then real changes made through the API (a console tag,
// an opened port, a deleted volume, rotation turned off) are found.
func TestDriftAgainstMoto(t *testing.T) {
	isolate(t)
	url := startMoto(t)
	ctx := t.Context()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-east-1"), config.WithBaseEndpoint(url))
	if err != nil {
		t.Fatal(err)
	}
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	ec2c, iamc, kmsc, rdsc := ec2.NewFromConfig(cfg), iam.NewFromConfig(cfg), kms.NewFromConfig(cfg), rds.NewFromConfig(cfg)
	r, err := New(ctx, Options{Regions: []string{"us-east-1"}, Endpoint: url, MaxBackoff: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}

	// What moto has before the test creates anything (default VPC
	// groups are skipped; anything else is honestly unmanaged).
	before, err := r.List(ctx, r.Types())
	if err != nil || len(before.Failed) > 0 {
		t.Fatalf("sweep of an empty moto: %v %v", err, before.Failed)
	}

	var acct motoAccount
	mustDo[*s3.CreateBucketOutput](t, "CreateBucket")(s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: awssdk.String("acme-logs")}))
	mustDo[*s3.PutBucketTaggingOutput](t, "PutBucketTagging")(s3c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: awssdk.String("acme-logs"),
		Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: awssdk.String("team"), Value: awssdk.String("data")}}}}))
	mustDo[*s3.PutBucketVersioningOutput](t, "PutBucketVersioning")(s3c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: awssdk.String("acme-logs"),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}))
	mustDo[*s3.PutBucketEncryptionOutput](t, "PutBucketEncryption")(s3c.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: awssdk.String("acme-logs"),
		ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{{
			ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAes256}}}}}))
	mustDo[*s3.PutPublicAccessBlockOutput](t, "PutPublicAccessBlock")(s3c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: awssdk.String("acme-logs"),
		PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{BlockPublicAcls: awssdk.Bool(true), BlockPublicPolicy: awssdk.Bool(true),
			IgnorePublicAcls: awssdk.Bool(true), RestrictPublicBuckets: awssdk.Bool(true)}}))
	mustDo[*s3.CreateBucketOutput](t, "CreateBucket shadow")(s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: awssdk.String("acme-shadow")}))

	vpcs := mustDo[*ec2.DescribeVpcsOutput](t, "DescribeVpcs")(ec2c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{}))
	if len(vpcs.Vpcs) == 0 {
		t.Fatal("moto has no default VPC")
	}
	vpc := awssdk.ToString(vpcs.Vpcs[0].VpcId)
	sg := mustDo[*ec2.CreateSecurityGroupOutput](t, "CreateSecurityGroup")(ec2c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{
		GroupName: awssdk.String("web"), Description: awssdk.String("web tier"), VpcId: &vpc,
		TagSpecifications: []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeSecurityGroup, Tags: []ec2types.Tag{{Key: awssdk.String("Name"), Value: awssdk.String("web")}}}}}))
	acct.sgID = awssdk.ToString(sg.GroupId)
	mustDo[*ec2.AuthorizeSecurityGroupIngressOutput](t, "AuthorizeSecurityGroupIngress")(ec2c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{
		GroupId: sg.GroupId, IpPermissions: []ec2types.IpPermission{{IpProtocol: awssdk.String("tcp"), FromPort: awssdk.Int32(443), ToPort: awssdk.Int32(443),
			IpRanges: []ec2types.IpRange{{CidrIp: awssdk.String("10.0.0.0/8")}}}}}))

	images := mustDo[*ec2.DescribeImagesOutput](t, "DescribeImages")(ec2c.DescribeImages(ctx, &ec2.DescribeImagesInput{}))
	if len(images.Images) == 0 {
		t.Fatal("moto has no images")
	}
	ami := awssdk.ToString(images.Images[0].ImageId)
	run := mustDo[*ec2.RunInstancesOutput](t, "RunInstances")(ec2c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: &ami, InstanceType: ec2types.InstanceTypeT3Micro,
		MinCount: awssdk.Int32(1), MaxCount: awssdk.Int32(1), SecurityGroupIds: []string{acct.sgID},
		TagSpecifications: []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeInstance, Tags: []ec2types.Tag{{Key: awssdk.String("Name"), Value: awssdk.String("web-1")}}}}}))
	acct.instanceID = awssdk.ToString(run.Instances[0].InstanceId)
	vol := mustDo[*ec2.CreateVolumeOutput](t, "CreateVolume")(ec2c.CreateVolume(ctx, &ec2.CreateVolumeInput{AvailabilityZone: awssdk.String("us-east-1a"),
		Size: awssdk.Int32(100), VolumeType: ec2types.VolumeTypeGp3, Encrypted: awssdk.Bool(true),
		TagSpecifications: []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeVolume, Tags: []ec2types.Tag{{Key: awssdk.String("Name"), Value: awssdk.String("data")}}}}}))
	acct.volumeID = awssdk.ToString(vol.VolumeId)

	assume := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	mustDo[*iam.CreateRoleOutput](t, "CreateRole")(iamc.CreateRole(ctx, &iam.CreateRoleInput{RoleName: awssdk.String("app"), AssumeRolePolicyDocument: &assume,
		Tags: []iamtypes.Tag{{Key: awssdk.String("team"), Value: awssdk.String("payments")}}}))

	key := mustDo[*kms.CreateKeyOutput](t, "CreateKey")(kmsc.CreateKey(ctx, &kms.CreateKeyInput{Description: awssdk.String("app"),
		Tags: []kmstypes.Tag{{TagKey: awssdk.String("env"), TagValue: awssdk.String("prod")}}}))
	acct.keyID = awssdk.ToString(key.KeyMetadata.KeyId)
	mustDo[*kms.EnableKeyRotationOutput](t, "EnableKeyRotation")(kmsc.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: &acct.keyID}))

	db := mustDo[*rds.CreateDBInstanceOutput](t, "CreateDBInstance")(rdsc.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{
		DBInstanceIdentifier: awssdk.String("orders"), Engine: awssdk.String("postgres"), DBInstanceClass: awssdk.String("db.t3.micro"),
		AllocatedStorage: awssdk.Int32(20), MasterUsername: awssdk.String("app"), MasterUserPassword: awssdk.String("secret-password"),
		StorageEncrypted: awssdk.Bool(true), DeletionProtection: awssdk.Bool(true), BackupRetentionPeriod: awssdk.Int32(7)}))
	dbResourceID := awssdk.ToString(db.DBInstance.DbiResourceId)

	// The state Terraform (provider v5) keeps for what was created, with
	// the attribute names and values the provider writes.
	state := []tfstate.Resource{
		{Address: "aws_s3_bucket.logs", Type: "aws_s3_bucket", Name: "logs", ID: "acme-logs", Values: map[string]any{
			"id": "acme-logs", "bucket": "acme-logs", "arn": "arn:aws:s3:::acme-logs", "region": "us-east-1", "tags": map[string]any{"team": "data"}}},
		{Address: "aws_s3_bucket_versioning.logs", Type: "aws_s3_bucket_versioning", Name: "logs", ID: "acme-logs", Values: map[string]any{
			"id": "acme-logs", "bucket": "acme-logs", "expected_bucket_owner": "", "versioning_configuration": []any{map[string]any{"status": "Enabled"}}}},
		{Address: "aws_s3_bucket_server_side_encryption_configuration.logs", Type: "aws_s3_bucket_server_side_encryption_configuration", Name: "logs", ID: "acme-logs", Values: map[string]any{
			"id": "acme-logs", "bucket": "acme-logs", "rule": []any{map[string]any{
				"apply_server_side_encryption_by_default": []any{map[string]any{"sse_algorithm": "AES256", "kms_master_key_id": ""}}, "bucket_key_enabled": false}}}},
		{Address: "aws_s3_bucket_public_access_block.logs", Type: "aws_s3_bucket_public_access_block", Name: "logs", ID: "acme-logs", Values: map[string]any{
			"id": "acme-logs", "bucket": "acme-logs", "block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}},
		{Address: "aws_security_group.web", Type: "aws_security_group", Name: "web", ID: acct.sgID, Values: map[string]any{
			"id": acct.sgID, "name": "web", "name_prefix": "", "description": "web tier", "vpc_id": vpc,
			"ingress": []any{map[string]any{"from_port": 443.0, "to_port": 443.0, "protocol": "tcp", "cidr_blocks": []any{"10.0.0.0/8"},
				"ipv6_cidr_blocks": []any{}, "prefix_list_ids": []any{}, "security_groups": []any{}, "self": false, "description": ""}},
			"egress": []any{map[string]any{"from_port": 0.0, "to_port": 0.0, "protocol": "-1", "cidr_blocks": []any{"0.0.0.0/0"},
				"ipv6_cidr_blocks": []any{}, "prefix_list_ids": []any{}, "security_groups": []any{}, "self": false, "description": ""}},
			"tags": map[string]any{"Name": "web"}}},
		{Address: "aws_instance.web", Type: "aws_instance", Name: "web", ID: acct.instanceID, Values: map[string]any{
			"id": acct.instanceID, "ami": ami, "instance_type": "t3.micro", "vpc_security_group_ids": []any{acct.sgID},
			"instance_state": "running", "tags": map[string]any{"Name": "web-1"}}},
		{Address: "aws_ebs_volume.data", Type: "aws_ebs_volume", Name: "data", ID: acct.volumeID, Values: map[string]any{
			"id": acct.volumeID, "availability_zone": "us-east-1a", "size": 100.0, "type": "gp3", "encrypted": true, "tags": map[string]any{"Name": "data"}}},
		{Address: "aws_db_instance.orders", Type: "aws_db_instance", Name: "orders", ID: dbResourceID, Values: map[string]any{
			"id": dbResourceID, "identifier": "orders", "resource_id": dbResourceID, "engine": "postgres", "instance_class": "db.t3.micro",
			"allocated_storage": 20.0, "storage_encrypted": true, "deletion_protection": true, "backup_retention_period": 7.0, "tags": map[string]any{}}},
		{Address: "aws_iam_role.app", Type: "aws_iam_role", Name: "app", ID: "app", Values: map[string]any{
			"id": "app", "name": "app", "path": "/", "assume_role_policy": assume, "tags": map[string]any{"team": "payments"}}},
		{Address: "aws_kms_key.app", Type: "aws_kms_key", Name: "app", ID: acct.keyID, Values: map[string]any{
			"id": acct.keyID, "key_id": acct.keyID, "description": "app", "key_usage": "ENCRYPT_DECRYPT", "customer_master_key_spec": "SYMMETRIC_DEFAULT",
			"is_enabled": true, "enable_key_rotation": true, "tags": map[string]any{"env": "prod"}}},
	}

	drift := func() []string {
		t.Helper()
		var refs []cloud.Ref
		for _, s := range state {
			refs = append(refs, cloud.Ref{Type: s.Type, ID: s.ID, Region: "us-east-1"})
		}
		got, err := r.Get(ctx, refs)
		if err != nil || len(got.Failed) > 0 {
			t.Fatalf("read of moto: %v %v", err, got.Failed)
		}
		swept, err := r.List(ctx, r.Types())
		if err != nil || len(swept.Failed) > 0 {
			t.Fatalf("sweep of moto: %v %v", err, swept.Failed)
		}
		var out []string
		for _, d := range cloud.Compare(state, got.Found, got.Missing, swept.Resources, cloud.CompareOptions{}) {
			if d.Kind == cloud.Unmanaged && slices.ContainsFunc(before.Resources, func(b cloud.Resource) bool { return b.Ref == cloud.Ref{Type: d.Type, ID: d.ID, Region: d.Region} }) {
				continue // moto had it before the test
			}
			line := string(d.Kind) + " " + d.Type + " " + d.Address
			if d.Kind == cloud.Unmanaged {
				line += d.ID
			}
			for _, c := range d.Changes {
				line += fmt.Sprintf(" %s=%v", c.Path, c.Actual)
			}
			out = append(out, line)
		}
		return out
	}

	got := drift()
	if want := []string{"unmanaged aws_s3_bucket acme-shadow"}; !slices.Equal(got, want) {
		t.Fatalf("drift against moto right after creation:\n  %s\nwant only\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}

	// Hands-on changes, through the API as from the console.
	mustDo[*s3.PutBucketTaggingOutput](t, "PutBucketTagging")(s3c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: awssdk.String("acme-logs"),
		Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: awssdk.String("team"), Value: awssdk.String("data")}, {Key: awssdk.String("owner"), Value: awssdk.String("ops")}}}}))
	mustDo[*ec2.AuthorizeSecurityGroupIngressOutput](t, "AuthorizeSecurityGroupIngress")(ec2c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{
		GroupId: &acct.sgID, IpPermissions: []ec2types.IpPermission{{IpProtocol: awssdk.String("tcp"), FromPort: awssdk.Int32(22), ToPort: awssdk.Int32(22),
			IpRanges: []ec2types.IpRange{{CidrIp: awssdk.String("0.0.0.0/0")}}}}}))
	mustDo[*ec2.DeleteVolumeOutput](t, "DeleteVolume")(ec2c.DeleteVolume(ctx, &ec2.DeleteVolumeInput{VolumeId: &acct.volumeID}))
	mustDo[*kms.DisableKeyRotationOutput](t, "DisableKeyRotation")(kmsc.DisableKeyRotation(ctx, &kms.DisableKeyRotationInput{KeyId: &acct.keyID}))
	// A data volume attached by hand: moto's attachment, like the root
	// volume's, says nothing of DeleteOnTermination. The root volume is
	// still the instance's (its block device mappings say so); this one
	// is unmanaged.
	extra := mustDo[*ec2.CreateVolumeOutput](t, "CreateVolume extra")(ec2c.CreateVolume(ctx, &ec2.CreateVolumeInput{AvailabilityZone: run.Instances[0].Placement.AvailabilityZone,
		Size: awssdk.Int32(10)}))
	mustDo[*ec2.AttachVolumeOutput](t, "AttachVolume")(ec2c.AttachVolume(ctx, &ec2.AttachVolumeInput{VolumeId: extra.VolumeId, InstanceId: &acct.instanceID,
		Device: awssdk.String("/dev/sdf")}))

	got = drift()
	want := []string{
		"changed aws_kms_key aws_kms_key.app enable_key_rotation=false",
		"changed aws_s3_bucket aws_s3_bucket.logs tags.owner=ops",
		"changed aws_security_group aws_security_group.web ingress[0]=map[cidr_blocks:[0.0.0.0/0] description: from_port:22 ipv6_cidr_blocks:[] prefix_list_ids:[] protocol:tcp security_groups:[] self:false to_port:22]",
		"deleted aws_ebs_volume aws_ebs_volume.data",
		"unmanaged aws_ebs_volume " + awssdk.ToString(extra.VolumeId),
		"unmanaged aws_s3_bucket acme-shadow",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("drift against moto after the changes:\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
