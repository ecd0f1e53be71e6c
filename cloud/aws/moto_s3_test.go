package aws

import (
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// S3 bucket policies against moto: no drift on the untouched estate (the
// state keeps the policy as jsonencode writes it, S3 returns its own
// form); a policy widened by hand is a change; a policy put by hand on a
// managed bucket whose policy no state has is unmanaged; the policy of an
// unmanaged bucket is not reported on its own (the bucket is); a deleted
// policy is deleted.
func TestS3PolicyDriftAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, typeS3Bucket, typeS3Policy)
	ctx := t.Context()
	c := s3.NewFromConfig(e.cfg, func(o *s3.Options) { o.UsePathStyle = true })
	s := awssdk.String
	for _, b := range []string{"acme-data", "acme-open", "acme-stray"} {
		ok(t, "CreateBucket "+b)(c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: s(b)}))
	}
	policy := func(bucket, principal string) string {
		return `{"Version":"2012-10-17","Statement":[{"Sid":"read","Effect":"Allow","Principal":{"AWS":"` + principal +
			`"},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::` + bucket + `/*"]}]}`
	}
	ok(t, "PutBucketPolicy")(c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: s("acme-data"), Policy: s(policy("acme-data", "arn:aws:iam::123456789012:root"))}))
	ok(t, "PutBucketPolicy stray")(c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: s("acme-stray"), Policy: s(policy("acme-stray", "*"))}))

	bucket := func(name string) map[string]any {
		return map[string]any{"bucket": name, "arn": "arn:aws:s3:::" + name, "tags": map[string]any{}}
	}
	e.add("aws_s3_bucket.data", "acme-data", bucket("acme-data"))
	e.add("aws_s3_bucket.open", "acme-open", bucket("acme-open"))
	// As jsonencode writes it: keys sorted, one-element lists as strings,
	// the account ID where S3 keeps its root ARN.
	e.add("aws_s3_bucket_policy.data", "acme-data", map[string]any{"bucket": "acme-data",
		"policy": `{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Principal":{"AWS":"123456789012"},"Resource":"arn:aws:s3:::acme-data/*","Sid":"read"}],"Version":"2012-10-17"}`})

	e.expect("right after creation", "unmanaged aws_s3_bucket acme-stray")
	e.checkActions()

	ok(t, "PutBucketPolicy wider")(c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: s("acme-data"), Policy: s(policy("acme-data", "*"))}))
	ok(t, "PutBucketPolicy open")(c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: s("acme-open"), Policy: s(policy("acme-open", "*"))}))
	e.expect("after the changes",
		"changed aws_s3_bucket_policy aws_s3_bucket_policy.data policy="+policy("acme-data", "*"),
		"unmanaged aws_s3_bucket acme-stray",
		"unmanaged aws_s3_bucket_policy acme-open",
	)
	ok(t, "DeleteBucketPolicy")(c.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: s("acme-data")}))
	e.expect("after the policy is deleted",
		"deleted aws_s3_bucket_policy aws_s3_bucket_policy.data",
		"unmanaged aws_s3_bucket acme-stray",
		"unmanaged aws_s3_bucket_policy acme-open",
	)
}
