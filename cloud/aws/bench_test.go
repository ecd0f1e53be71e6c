package aws

import (
	"fmt"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"golang.org/x/sync/errgroup"

	"github.com/driftfix/driftfix/cloud/awslocal"
)

// sweepSeed is an account with n resources, spread over every swept type
// the way a mid-sized account is: buckets, groups, instances (each with a
// root volume), data volumes, databases, roles and keys.
func sweepSeed(n int) (*awslocal.Seed, map[string]int) {
	share := map[string]int{
		typeS3Bucket: n * 20 / 100, typeSecurity: n * 15 / 100, typeInstance: n * 15 / 100, typeEBSVolume: n * 15 / 100,
		typeDBInstance: n * 10 / 100, typeIAMRole: n * 15 / 100, typeKMSKey: n * 10 / 100,
	}
	seed := &awslocal.Seed{AccountID: account, Region: "us-east-1"}
	tags := func(i int) map[string]string { return map[string]string{"Name": fmt.Sprint("r", i), "env": "prod"} }
	for i := range share[typeS3Bucket] {
		seed.S3Buckets = append(seed.S3Buckets, awslocal.S3Bucket{Bucket: fmt.Sprintf("bucket-%05d", i), Tags: tags(i)})
	}
	for i := range share[typeSecurity] {
		seed.SecurityGroups = append(seed.SecurityGroups, awslocal.SecurityGroup{ID: fmt.Sprintf("sg-%017x", i), Name: fmt.Sprint("sg-", i), VPCID: "vpc-1",
			Ingress: []awslocal.SecurityRule{{FromPort: 443, ToPort: 443, Protocol: "tcp", CIDRBlocks: []string{"10.0.0.0/8"}}}, Tags: tags(i)})
	}
	for i := range share[typeInstance] {
		seed.Instances = append(seed.Instances, awslocal.Instance{ID: fmt.Sprintf("i-%017x", i), AMI: "ami-1", InstanceType: "t3.micro",
			RootBlockDevice: &awslocal.RootBlockDevice{VolumeID: fmt.Sprintf("vol-1%016x", i), VolumeSize: 8}, Tags: tags(i)})
	}
	for i := range share[typeEBSVolume] {
		seed.EBSVolumes = append(seed.EBSVolumes, awslocal.EBSVolume{ID: fmt.Sprintf("vol-2%016x", i), AvailabilityZone: "us-east-1a", Size: 100, Tags: tags(i)})
	}
	for i := range share[typeDBInstance] {
		seed.DBInstances = append(seed.DBInstances, awslocal.DBInstance{Identifier: fmt.Sprintf("db-%05d", i), Engine: "postgres", InstanceClass: "db.t3.micro", Tags: tags(i)})
	}
	for i := range share[typeIAMRole] {
		seed.IAMRoles = append(seed.IAMRoles, awslocal.IAMRole{Name: fmt.Sprintf("role-%05d", i), AssumeRolePolicy: `{"Version":"2012-10-17","Statement":[]}`})
	}
	for i := range share[typeKMSKey] {
		k := awslocal.KMSKey{KeyID: fmt.Sprintf("%08x-0000-4000-8000-000000000000", i), Tags: tags(i)}
		if i%10 == 0 {
			k.Aliases = []string{fmt.Sprint("alias/key-", i)}
		}
		seed.KMSKeys = append(seed.KMSKeys, k)
	}
	return seed, share
}

// minimumCalls is how many list calls the sweep of seed needs at the
// largest page size of each API: the floor any sweep has to pay.
func minimumCalls(seed *awslocal.Seed, share map[string]int) int {
	aliases := 0
	for _, k := range seed.KMSKeys {
		aliases += len(k.Aliases)
	}
	volumes := len(seed.EBSVolumes) + len(seed.Instances) // every instance has a root volume to page over
	return pages(share[typeS3Bucket], s3MaxBuckets) +
		pages(share[typeSecurity], ec2MaxGroups) +
		pages(share[typeInstance], ec2MaxInstances) +
		pages(volumes, ec2MaxVolumes) +
		pages(share[typeDBInstance], rdsMaxRecords) +
		pages(share[typeIAMRole], iamMaxItems) +
		pages(share[typeKMSKey], kmsMaxKeys) +
		pages(aliases, kmsMaxAliases)
}

// BenchmarkSweep lists 10,000 resources of every swept type with 20 ms of
// latency on each call, and reports the calls made against the minimum
// pagination needs. Targets: under 15 s, at most 1.2× the minimum calls.
func BenchmarkSweep(b *testing.B) {
	seed, share := sweepSeed(10000)
	srv, r := startIn(b, []string{"us-east-1"}, seed, awslocal.Options{Latency: benchLatency})
	want := 0
	for _, n := range share {
		want += n
	}
	benchSweep(b, sweepBench{r: r, types: r.Types(), want: want, minimum: minimumCalls(seed, share),
		calls: func() int { return srv.Calls().Total() }, callsBy: func() any { return srv.Calls() }})
}

// BenchmarkSweepIAM sweeps 10,000 resources of the IAM types read from
// moto (roles, their attachments and inline policies, users with their
// access keys and inline policies, groups with their attachments, customer
// managed policies, instance profiles) through the fault proxy with 20 ms
// of latency on each call and no fault, and reports the calls made
// against the minimum the APIs' pagination needs. Targets: under 15 s, at
// most 1.2× the minimum calls. Building the estate in moto takes a while
// and is not timed.
func BenchmarkSweepIAM(b *testing.B) {
	url, cfg := motoBench(b)
	c := iam.NewFromConfig(cfg)
	s := awssdk.String
	const n = 10000
	// Per unit: a role with an attachment and an inline policy, a user with
	// an access key and an inline policy, a group with an attachment, a
	// policy, an instance profile: 10 resources.
	units := n / 10
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}`
	assume := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	g, ctx := errgroup.WithContext(b.Context())
	g.SetLimit(8)
	for i := range units {
		g.Go(func() error {
			name := fmt.Sprintf("u%05d", i)
			pol, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: s(name), PolicyDocument: &doc})
			if err != nil {
				return err
			}
			for _, step := range []func() error{
				func() error {
					_, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: s(name), AssumeRolePolicyDocument: &assume})
					return err
				},
				func() error {
					_, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: s(name), PolicyArn: pol.Policy.Arn})
					return err
				},
				func() error {
					_, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: s(name), PolicyName: s("q"), PolicyDocument: &doc})
					return err
				},
				func() error { _, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: s(name)}); return err },
				func() error {
					_, err := c.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: s(name)})
					return err
				},
				func() error {
					_, err := c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: s(name), PolicyName: s("q"), PolicyDocument: &doc})
					return err
				},
				func() error { _, err := c.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: s(name)}); return err },
				func() error {
					_, err := c.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: s(name), PolicyArn: pol.Policy.Arn})
					return err
				},
				func() error {
					_, err := c.CreateInstanceProfile(ctx, &iam.CreateInstanceProfileInput{InstanceProfileName: s(name)})
					return err
				},
			} {
				if err := step(); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		b.Fatalf("build the estate in moto: %v", err)
	}
	swept := []string{typeIAMRole, typeIAMRolePolicyAttachment, typeIAMRolePolicy, typeIAMUser, typeIAMAccessKey, typeIAMUserPolicy,
		typeIAMGroup, typeIAMGroupPolicyAttachment, typeIAMPolicy, typeIAMInstanceProfile}
	// ListRoles; the account snapshot (roles, users, groups, policies);
	// ListAccessKeys per user; ListInstanceProfiles.
	minimum := pages(units, iamMaxItems) + pages(4*units, iamMaxItems) + units + pages(units, iamMaxItems)
	benchMoto(b, url, sweepBench{types: swept, want: n, minimum: minimum})
}
