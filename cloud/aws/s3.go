package aws

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/driftfix/driftfix/cloud"
)

const (
	typeS3Bucket     = "aws_s3_bucket"
	typeS3SSE        = "aws_s3_bucket_server_side_encryption_configuration"
	typeS3Versioning = "aws_s3_bucket_versioning"
	typeS3PAB        = "aws_s3_bucket_public_access_block"
	typeS3Logging    = "aws_s3_bucket_logging"
	typeS3Policy     = "aws_s3_bucket_policy"
)

// s3API is what the reader calls on S3.
type s3API interface {
	ListBuckets(context.Context, *s3.ListBucketsInput, ...func(*s3.Options)) (*s3.ListBucketsOutput, error)
	GetBucketTagging(context.Context, *s3.GetBucketTaggingInput, ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error)
	GetBucketEncryption(context.Context, *s3.GetBucketEncryptionInput, ...func(*s3.Options)) (*s3.GetBucketEncryptionOutput, error)
	GetBucketVersioning(context.Context, *s3.GetBucketVersioningInput, ...func(*s3.Options)) (*s3.GetBucketVersioningOutput, error)
	GetPublicAccessBlock(context.Context, *s3.GetPublicAccessBlockInput, ...func(*s3.Options)) (*s3.GetPublicAccessBlockOutput, error)
	GetBucketLogging(context.Context, *s3.GetBucketLoggingInput, ...func(*s3.Options)) (*s3.GetBucketLoggingOutput, error)
	GetBucketPolicy(context.Context, *s3.GetBucketPolicyInput, ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error)
}

// s3 bucket pages are as large as the API allows.
const s3MaxBuckets = 10000

type s3Reader struct{ *Reader }

func (r s3Reader) client(region string) s3API {
	return client(r.Reader, "s3", region, func(cfg awssdk.Config) s3API {
		return s3.NewFromConfig(cfg, func(o *s3.Options) {
			// A custom endpoint (awslocal, a proxy) has no bucket
			// subdomains.
			if o.BaseEndpoint != nil {
				o.UsePathStyle = true
			}
		})
	})
}

func (r s3Reader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	byBucket := map[string][]int{}
	var names []string
	for i, ref := range refs {
		name, _ := splitBucketID(ref.Type, ref.ID)
		if _, ok := byBucket[name]; !ok {
			names = append(names, name)
		}
		byBucket[name] = append(byBucket[name], i)
	}
	outs := make([]outcome, len(refs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, r.fanout)
	for _, name := range names {
		wg.Go(func() {
			idx := byBucket[name]
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				for _, i := range idx {
					outs[i] = failedWith(ctx.Err())
				}
				return
			}
			defer func() { <-sem }()
			mine := make([]cloud.Ref, len(idx))
			for k, i := range idx {
				mine[k] = refs[i]
			}
			for k, o := range r.bucket(ctx, name, mine) {
				outs[idx[k]] = o
			}
		})
	}
	wg.Wait()
	return collect(refs, outs)
}

// splitBucketID splits the ID of an S3 bucket configuration resource into
// the bucket and the expected owner: the provider keeps "bucket,account"
// when expected_bucket_owner is set.
func splitBucketID(typ, id string) (bucket, owner string) {
	if typ == typeS3Bucket {
		return id, ""
	}
	bucket, owner, _ = strings.Cut(id, ",")
	return bucket, owner
}

// bucket reads what refs (all about one bucket) need, each ref on its own:
// a failed call fails its ref only. The first call finds the bucket's
// region: S3 answers a call in the wrong region with the bucket's region in
// x-amz-bucket-region, and the call is made again there. NoSuchBucket, the
// service's own answer, makes every ref missing.
func (r s3Reader) bucket(ctx context.Context, name string, refs []cloud.Ref) []outcome {
	region := refs[0].Region
	do := func(fn func(c s3API) error) error {
		err := r.call(ctx, "s3", func() error { return fn(r.client(region)) })
		if moved := bucketRegion(err); moved != "" && moved != region {
			region = moved
			err = r.call(ctx, "s3", func() error { return fn(r.client(region)) })
		}
		return err
	}
	b := awssdk.String(name)
	outs := make([]outcome, len(refs))
	for i, ref := range refs {
		_, owner := splitBucketID(ref.Type, ref.ID)
		var expected *string
		if owner != "" {
			expected = awssdk.String(owner)
		}
		attrs := map[string]any{"id": ref.ID, "bucket": name}
		var err error
		present := true
		switch ref.Type {
		case typeS3Bucket:
			tags := map[string]any{}
			err = do(func(c s3API) error {
				out, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: b})
				if errorCode(err) == "NoSuchTagSet" {
					return nil
				}
				if err != nil {
					return err
				}
				if out.TagSet == nil {
					return missingField("GetBucketTagging", "a TagSet")
				}
				for _, t := range out.TagSet {
					if t.Key == nil {
						return missingField("GetBucketTagging", "a tag's Key")
					}
					tags[*t.Key] = awssdk.ToString(t.Value)
				}
				return nil
			})
			attrs["arn"] = "arn:aws:s3:::" + name
			attrs["tags"] = tags
		case typeS3SSE:
			err = do(func(c s3API) error {
				out, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: b, ExpectedBucketOwner: expected})
				if errorCode(err) == "ServerSideEncryptionConfigurationNotFoundError" {
					present = false
					return nil
				}
				if err != nil {
					return err
				}
				if out.ServerSideEncryptionConfiguration == nil {
					return missingField("GetBucketEncryption", "a ServerSideEncryptionConfiguration")
				}
				for _, rule := range out.ServerSideEncryptionConfiguration.Rules {
					if d := rule.ApplyServerSideEncryptionByDefault; d != nil && d.SSEAlgorithm == "" {
						return missingField("GetBucketEncryption", "a rule's SSEAlgorithm")
					}
				}
				attrs["expected_bucket_owner"] = owner
				attrs["rule"] = sseRules(out.ServerSideEncryptionConfiguration)
				return nil
			})
		case typeS3Versioning:
			err = do(func(c s3API) error {
				out, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: b, ExpectedBucketOwner: expected})
				if err != nil {
					return err
				}
				// Never-enabled versioning has no status; the provider
				// calls it Disabled.
				status := string(out.Status)
				if status == "" {
					status = "Disabled"
				}
				attrs["expected_bucket_owner"] = owner
				attrs["mfa"] = ""
				attrs["versioning_configuration"] = []any{map[string]any{"status": status, "mfa_delete": string(out.MFADelete)}}
				return nil
			})
		case typeS3PAB:
			err = do(func(c s3API) error {
				out, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: b, ExpectedBucketOwner: expected})
				if errorCode(err) == "NoSuchPublicAccessBlockConfiguration" {
					present = false
					return nil
				}
				if err != nil {
					return err
				}
				p := out.PublicAccessBlockConfiguration
				if p == nil {
					return missingField("GetPublicAccessBlock", "a PublicAccessBlockConfiguration")
				}
				attrs["block_public_acls"] = awssdk.ToBool(p.BlockPublicAcls)
				attrs["block_public_policy"] = awssdk.ToBool(p.BlockPublicPolicy)
				attrs["ignore_public_acls"] = awssdk.ToBool(p.IgnorePublicAcls)
				attrs["restrict_public_buckets"] = awssdk.ToBool(p.RestrictPublicBuckets)
				return nil
			})
		case typeS3Policy:
			err = do(func(c s3API) error {
				out, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: b, ExpectedBucketOwner: expected})
				if errorCode(err) == "NoSuchBucketPolicy" {
					present = false
					return nil
				}
				if err != nil {
					return err
				}
				if awssdk.ToString(out.Policy) == "" {
					return missingField("GetBucketPolicy", "a Policy")
				}
				attrs["policy"] = awssdk.ToString(out.Policy)
				return nil
			})
		case typeS3Logging:
			err = do(func(c s3API) error {
				out, err := c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: b, ExpectedBucketOwner: expected})
				if err != nil {
					return err
				}
				le := out.LoggingEnabled
				if le == nil {
					present = false // the provider drops a logging resource with logging off
					return nil
				}
				if le.TargetBucket == nil {
					return missingField("GetBucketLogging", "a TargetBucket")
				}
				attrs["expected_bucket_owner"] = owner
				attrs["target_bucket"] = awssdk.ToString(le.TargetBucket)
				attrs["target_prefix"] = awssdk.ToString(le.TargetPrefix)
				attrs["target_grant"] = []any{}
				attrs["target_object_key_format"] = []any{}
				return nil
			})
		}
		if errorCode(err) == "NoSuchBucket" {
			// The bucket is gone, and with it every configuration.
			for k := range outs {
				outs[k] = notFound
			}
			return outs
		}
		switch {
		case err != nil:
			outs[i] = failedWith(err)
		case !present:
			outs[i] = notFound
		default:
			if ref.Type == typeS3Bucket {
				attrs["region"] = region
			}
			outs[i] = foundAs(attrs)
		}
	}
	return outs
}

// sseRules is the rule block of aws_s3_bucket_server_side_encryption_configuration.
func sseRules(cfg *s3types.ServerSideEncryptionConfiguration) []any {
	var rules []any
	if cfg == nil {
		return []any{}
	}
	for _, r := range cfg.Rules {
		def := []any{}
		if d := r.ApplyServerSideEncryptionByDefault; d != nil {
			def = []any{map[string]any{
				"sse_algorithm":     string(d.SSEAlgorithm),
				"kms_master_key_id": awssdk.ToString(d.KMSMasterKeyID),
			}}
		}
		rules = append(rules, map[string]any{
			"apply_server_side_encryption_by_default": def,
			"bucket_key_enabled":                      awssdk.ToBool(r.BucketKeyEnabled),
		})
	}
	return rules
}

// bucketRegion is the region S3 names when a bucket is called in the wrong
// one ("" otherwise).
func bucketRegion(err error) string {
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.Header.Get("X-Amz-Bucket-Region")
	}
	return ""
}

// list sweeps the account's buckets (S3 lists them all at once, from any
// region) and keeps those in the configured regions.
func (r s3Reader) list(ctx context.Context, typ, _ string) ([]cloud.Resource, error) {
	buckets, err := memoized(ctx, "s3:buckets", func() ([]cloud.Resource, error) { return r.listBuckets(ctx) })
	if err != nil || typ == typeS3Bucket {
		return buckets, err
	}
	// Bucket policies: one GetBucketPolicy per bucket, in the bucket's
	// region. They are listed under the bucket (their ID in every
	// provider version), with the bucket, whose policy they are.
	refs := make([]cloud.Ref, len(buckets))
	for i, b := range buckets {
		refs[i] = cloud.Ref{Type: typeS3Policy, ID: b.ID, Region: cmp.Or(b.Region, r.regions[0])}
	}
	res := r.get(ctx, refs)
	if len(res.Failed) > 0 {
		return nil, res.Failed[0].Err
	}
	var out []cloud.Resource
	for _, f := range res.Found {
		out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typeS3Policy, ID: f.ID, Region: f.Region}, Attrs: map[string]any{"id": f.ID, "bucket": f.ID}})
	}
	return out, nil
}

// listBuckets lists the account's buckets once per sweep.
func (r s3Reader) listBuckets(ctx context.Context) ([]cloud.Resource, error) {
	in := &s3.ListBucketsInput{MaxBuckets: awssdk.Int32(s3MaxBuckets)}
	if len(r.regions) == 1 {
		in.BucketRegion = awssdk.String(r.regions[0])
	}
	p := s3.NewListBucketsPaginator(r.client(r.regions[0]), in)
	var out []cloud.Resource
	for p.HasMorePages() {
		var page *s3.ListBucketsOutput
		if err := r.call(ctx, "s3", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, b := range page.Buckets {
			if awssdk.ToString(b.Name) == "" {
				return nil, missingField("ListBuckets", "a bucket's Name")
			}
			name, region := awssdk.ToString(b.Name), awssdk.ToString(b.BucketRegion)
			if region != "" && !slices.Contains(r.regions, region) {
				continue
			}
			out = append(out, cloud.Resource{
				Ref:   cloud.Ref{Type: typeS3Bucket, ID: name, Region: region},
				Attrs: map[string]any{"id": name, "bucket": name, "arn": "arn:aws:s3:::" + name, "region": region},
			})
		}
	}
	return out, nil
}

// errorCode is the AWS error code of err ("" when it has none).
func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}
