package awslocal

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestS3ListBucketsPaginates(t *testing.T) {
	seed := testSeed(t)
	for i := range 7 {
		seed.S3Buckets = append(seed.S3Buckets, S3Bucket{Bucket: fmt.Sprintf("bulk-%02d", i)})
	}
	e := newEnv(t, seed, Options{})
	var names []string
	pages := 0
	p := s3.NewListBucketsPaginator(e.s3(""), &s3.ListBucketsInput{MaxBuckets: aws.Int32(3)})
	for p.HasMorePages() {
		out, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, b := range out.Buckets {
			names = append(names, aws.ToString(b.Name))
		}
	}
	if len(names) != 10 || pages != 4 {
		t.Fatalf("got %d buckets in %d pages: %v", len(names), pages, names)
	}
	if names[0] != "app-data" || names[9] != "eu-archive" {
		t.Fatalf("order: %v", names)
	}

	out, err := e.s3("").ListBuckets(t.Context(), &s3.ListBucketsInput{BucketRegion: aws.String("eu-west-1")})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Buckets) != 1 || aws.ToString(out.Buckets[0].Name) != "eu-archive" || aws.ToString(out.Buckets[0].BucketRegion) != "eu-west-1" {
		t.Fatalf("bucket-region filter: %+v", out.Buckets)
	}
}

func TestS3Reads(t *testing.T) {
	e := newEnv(t, testSeed(t), Options{})
	ctx := t.Context()
	c := e.s3("")
	b := aws.String("app-data")

	head, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: b})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(head.BucketRegion) != "us-east-1" {
		t.Fatalf("HeadBucket region = %q", aws.ToString(head.BucketRegion))
	}
	loc, err := c.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: b})
	if err != nil {
		t.Fatal(err)
	}
	if loc.LocationConstraint != "" {
		t.Fatalf("us-east-1 location = %q, want empty", loc.LocationConstraint)
	}
	euLoc, err := e.s3("eu-west-1").GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String("eu-archive")})
	if err != nil {
		t.Fatal(err)
	}
	if euLoc.LocationConstraint != types.BucketLocationConstraintEuWest1 {
		t.Fatalf("eu location = %q", euLoc.LocationConstraint)
	}

	enc, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: b})
	if err != nil {
		t.Fatal(err)
	}
	rule := enc.ServerSideEncryptionConfiguration.Rules[0]
	if rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm != types.ServerSideEncryptionAwsKms ||
		aws.ToString(rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID) != "arn:aws:kms:us-east-1:111122223333:key/0b6f1e2c-1111-4000-8000-000000000001" ||
		!aws.ToBool(rule.BucketKeyEnabled) {
		t.Fatalf("encryption rule = %+v", rule)
	}
	ver, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: b})
	if err != nil {
		t.Fatal(err)
	}
	if ver.Status != types.BucketVersioningStatusEnabled || ver.MFADelete != types.MFADeleteStatusDisabled {
		t.Fatalf("versioning = %+v", ver)
	}
	pab, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: b})
	if err != nil {
		t.Fatal(err)
	}
	p := pab.PublicAccessBlockConfiguration
	if !aws.ToBool(p.BlockPublicAcls) || !aws.ToBool(p.BlockPublicPolicy) || !aws.ToBool(p.IgnorePublicAcls) || !aws.ToBool(p.RestrictPublicBuckets) {
		t.Fatalf("public access block = %+v", p)
	}
	tags, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: b})
	if err != nil {
		t.Fatal(err)
	}
	if len(tags.TagSet) != 2 || aws.ToString(tags.TagSet[0].Key) != "env" || aws.ToString(tags.TagSet[0].Value) != "prod" {
		t.Fatalf("tags = %+v", tags.TagSet)
	}
	logging, err := c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: b})
	if err != nil {
		t.Fatal(err)
	}
	if le := logging.LoggingEnabled; le == nil || aws.ToString(le.TargetBucket) != "audit-logs" || aws.ToString(le.TargetPrefix) != "app-data/" {
		t.Fatalf("logging = %+v", logging.LoggingEnabled)
	}

	// A bucket with nothing configured.
	bare := aws.String("audit-logs")
	_, err = c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: bare})
	wantCode(t, err, "ServerSideEncryptionConfigurationNotFoundError")
	_, err = c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: bare})
	wantCode(t, err, "NoSuchPublicAccessBlockConfiguration")
	_, err = c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: bare})
	wantCode(t, err, "NoSuchTagSet")
	ver, err = c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: bare})
	if err != nil || ver.Status != "" {
		t.Fatalf("never-versioned bucket: %+v %v", ver, err)
	}
	logging, err = c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: bare})
	if err != nil || logging.LoggingEnabled != nil {
		t.Fatalf("bucket without logging: %+v %v", logging, err)
	}

	// A bucket that does not exist.
	missing := aws.String("no-such-bucket")
	_, err = c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: missing})
	wantCode(t, err, "NoSuchBucket")
	_, err = c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: missing})
	wantCode(t, err, "NoSuchBucket")
	_, err = c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: missing})
	var nf *types.NotFound
	if !errors.As(err, &nf) {
		t.Fatalf("HeadBucket on a missing bucket: %v, want NotFound", err)
	}
	_, err = c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: missing})
	wantCode(t, err, "NoSuchBucket")

	// A bucket in another region answers with a redirect naming its region.
	_, err = c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("eu-archive")})
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() != 301 || re.Response.Header.Get("X-Amz-Bucket-Region") != "eu-west-1" {
		t.Fatalf("cross-region HeadBucket: %v", err)
	}
	_, err = c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String("eu-archive")})
	wantCode(t, err, "PermanentRedirect")
}

func TestS3Writes(t *testing.T) {
	e := newEnv(t, testSeed(t), Options{})
	ctx := t.Context()
	c := e.s3("")
	b := aws.String("new-bucket")

	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: b})
	wantCode(t, err, "BucketAlreadyOwnedByYou")
	eu := e.s3("eu-central-1")
	if _, err := eu.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("eu-new"), CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraintEuCentral1}}); err != nil {
		t.Fatal(err)
	}
	if out, err := eu.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("eu-new")}); err != nil || aws.ToString(out.BucketRegion) != "eu-central-1" {
		t.Fatalf("eu bucket: %+v %v", out, err)
	}

	if _, err := c.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: b, ServerSideEncryptionConfiguration: &types.ServerSideEncryptionConfiguration{
		Rules: []types.ServerSideEncryptionRule{{ApplyServerSideEncryptionByDefault: &types.ServerSideEncryptionByDefault{SSEAlgorithm: types.ServerSideEncryptionAes256}}},
	}}); err != nil {
		t.Fatal(err)
	}
	enc, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: b})
	if err != nil || enc.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm != types.ServerSideEncryptionAes256 {
		t.Fatalf("encryption after put: %+v %v", enc, err)
	}

	if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: b, VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	if ver, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: b}); err != nil || ver.Status != types.BucketVersioningStatusEnabled {
		t.Fatalf("versioning after put: %+v %v", ver, err)
	}

	if _, err := c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: b, PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{
		BlockPublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true),
	}}); err != nil {
		t.Fatal(err)
	}
	pab, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: b})
	if err != nil {
		t.Fatal(err)
	}
	if p := pab.PublicAccessBlockConfiguration; !aws.ToBool(p.BlockPublicAcls) || aws.ToBool(p.BlockPublicPolicy) || aws.ToBool(p.IgnorePublicAcls) || !aws.ToBool(p.RestrictPublicBuckets) {
		t.Fatalf("public access block after put: %+v", p)
	}

	if _, err := c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: b, Tagging: &types.Tagging{TagSet: []types.Tag{{Key: aws.String("owner"), Value: aws.String("me")}}}}); err != nil {
		t.Fatal(err)
	}
	if tags, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: b}); err != nil || len(tags.TagSet) != 1 || aws.ToString(tags.TagSet[0].Value) != "me" {
		t.Fatalf("tags after put: %+v %v", tags, err)
	}

	if _, err := c.PutBucketLogging(ctx, &s3.PutBucketLoggingInput{Bucket: b, BucketLoggingStatus: &types.BucketLoggingStatus{
		LoggingEnabled: &types.LoggingEnabled{TargetBucket: aws.String("audit-logs"), TargetPrefix: aws.String("new/")},
	}}); err != nil {
		t.Fatal(err)
	}
	if lg, err := c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: b}); err != nil || aws.ToString(lg.LoggingEnabled.TargetPrefix) != "new/" {
		t.Fatalf("logging after put: %+v %v", lg, err)
	}
	if _, err := c.DeletePublicAccessBlock(ctx, &s3.DeletePublicAccessBlockInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: b})
	wantCode(t, err, "NoSuchPublicAccessBlockConfiguration")

	if _, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: b})
	wantCode(t, err, "NoSuchBucket")
}
