package aws

import (
	"context"
	"fmt"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/driftfix/driftfix/cloud"
)

// The account's S3 public access block: one per account (global), its ID
// the account ID in every provider version.
const typeS3AccountPAB = "aws_s3_account_public_access_block"

func init() {
	// sts:GetCallerIdentity needs no permission; it is listed because the
	// reader calls it (for the account ID S3 Control needs).
	types[typeS3AccountPAB] = typeInfo{service: "s3control", global: true, actions: []string{"s3:GetAccountPublicAccessBlock", "sts:GetCallerIdentity"}}
	readers["s3control"] = func(r *Reader) reader { return s3controlReader{r} }
}

type s3controlAPI interface {
	GetPublicAccessBlock(context.Context, *s3control.GetPublicAccessBlockInput, ...func(*s3control.Options)) (*s3control.GetPublicAccessBlockOutput, error)
}

type s3controlReader struct{ *Reader }

func (r s3controlReader) client() s3controlAPI {
	return client(r.Reader, "s3control", r.regions[0], func(cfg awssdk.Config) s3controlAPI {
		return s3control.NewFromConfig(cfg, func(o *s3control.Options) {
			// S3 Control puts the account ID in front of the host
			// ({account}.s3-control.{region}.amazonaws.com). Against a
			// custom endpoint (Options.Endpoint: awslocal, moto, the fault
			// proxy) that host does not resolve; the account ID also goes
			// in the x-amz-account-id header, which is what such endpoints
			// read. The SDK's host-prefix switch (smithyhttp
			// DisableEndpointHostPrefix) is already on for the v2 endpoint
			// resolution; the prefix comes from the endpoint rules, so it
			// is taken off the resolved endpoint, and only then.
			if cfg.BaseEndpoint != nil {
				o.EndpointResolverV2 = noAccountHost{o.EndpointResolverV2}
			}
		})
	})
}

// noAccountHost resolves S3 Control endpoints without the account ID in
// front of the host.
type noAccountHost struct{ s3control.EndpointResolverV2 }

func (n noAccountHost) ResolveEndpoint(ctx context.Context, p s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	e, err := n.EndpointResolverV2.ResolveEndpoint(ctx, p)
	if err == nil && p.AccountId != nil {
		e.URI.Host = strings.TrimPrefix(e.URI.Host, *p.AccountId+".")
	}
	return e, err
}

// read reads the account's block: nil when it has none.
func (r s3controlReader) read(ctx context.Context) (string, map[string]any, error) {
	account, err := memoized(ctx, "sts:account", func() (string, error) { return r.CallerAccount(ctx) })
	if err != nil {
		return "", nil, err
	}
	var out *s3control.GetPublicAccessBlockOutput
	err = r.call(ctx, "s3control", func() (err error) {
		out, err = r.client().GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: &account})
		return err
	})
	if errorCode(err) == "NoSuchPublicAccessBlockConfiguration" {
		return account, nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	c := out.PublicAccessBlockConfiguration
	if c == nil {
		return "", nil, missingField("GetPublicAccessBlock", "the PublicAccessBlockConfiguration")
	}
	return account, map[string]any{
		"id":                      account,
		"account_id":              account,
		"block_public_acls":       awssdk.ToBool(c.BlockPublicAcls),
		"block_public_policy":     awssdk.ToBool(c.BlockPublicPolicy),
		"ignore_public_acls":      awssdk.ToBool(c.IgnorePublicAcls),
		"restrict_public_buckets": awssdk.ToBool(c.RestrictPublicBuckets),
	}, nil
}

// get reads the block of the caller's account; a ref of another account
// fails (these credentials cannot tell whether it is there).
func (r s3controlReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	account, attrs, err := r.read(ctx)
	return readEach(refs, func(ref cloud.Ref) outcome {
		switch {
		case err != nil:
			return failedWith(err)
		case account != ref.ID:
			return failedWith(fmt.Errorf("the public access block of account %s cannot be read with the credentials of account %s", ref.ID, account))
		case attrs == nil:
			return notFound
		}
		return foundAs(attrs)
	})
}

// list is the account's block, when it has one.
func (r s3controlReader) list(ctx context.Context, typ, _ string) ([]cloud.Resource, error) {
	_, attrs, err := r.read(ctx)
	if err != nil || attrs == nil {
		return nil, err
	}
	return []cloud.Resource{{Ref: cloud.Ref{Type: typ, ID: attrs["id"].(string)}, Attrs: attrs}}, nil
}
