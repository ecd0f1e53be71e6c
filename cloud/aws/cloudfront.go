package aws

import (
	"context"
	"errors"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"

	"github.com/driftfix/driftfix/cloud"
)

// CloudFront distributions (global): read by ID with GetDistribution and
// ListTagsForResource (CloudFront has no batch read), swept with
// ListDistributions alone (its default page of 100). The id is the
// distribution ID in every provider version. A distribution being deleted
// is still there until it is gone: it is read as it is.
const typeCloudFrontDistribution = "aws_cloudfront_distribution"

const cfMaxItems = 100

func init() {
	types[typeCloudFrontDistribution] = typeInfo{service: "cloudfront", global: true, actions: []string{"cloudfront:GetDistribution",
		"cloudfront:ListDistributions", "cloudfront:ListTagsForResource"}}
	readers["cloudfront"] = func(r *Reader) reader { return cfReader{r} }
}

// cfAPI is what the reader calls on CloudFront.
type cfAPI interface {
	GetDistribution(context.Context, *cloudfront.GetDistributionInput, ...func(*cloudfront.Options)) (*cloudfront.GetDistributionOutput, error)
	ListDistributions(context.Context, *cloudfront.ListDistributionsInput, ...func(*cloudfront.Options)) (*cloudfront.ListDistributionsOutput, error)
	ListTagsForResource(context.Context, *cloudfront.ListTagsForResourceInput, ...func(*cloudfront.Options)) (*cloudfront.ListTagsForResourceOutput, error)
}

type cfReader struct{ *Reader }

func (r cfReader) client() cfAPI {
	return client(r.Reader, "cloudfront", r.regions[0], func(cfg awssdk.Config) cfAPI { return cloudfront.NewFromConfig(cfg) })
}

func (r cfReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	c := r.client()
	return readParallel(ctx, r.fanout, refs, func(ctx context.Context, ref cloud.Ref) outcome {
		var out *cloudfront.GetDistributionOutput
		err := r.call(ctx, "cloudfront", func() (err error) {
			out, err = c.GetDistribution(ctx, &cloudfront.GetDistributionInput{Id: awssdk.String(ref.ID)})
			return err
		})
		var nf *cftypes.NoSuchDistribution
		switch {
		case errors.As(err, &nf):
			return notFound
		case err != nil:
			return failedWith(err)
		case out.Distribution == nil || awssdk.ToString(out.Distribution.Id) == "" || awssdk.ToString(out.Distribution.ARN) == "" ||
			out.Distribution.DistributionConfig == nil:
			return failedWith(missingField("GetDistribution", "the Distribution's Id, ARN or DistributionConfig"))
		}
		d := out.Distribution
		var tags *cloudfront.ListTagsForResourceOutput
		if err := r.call(ctx, "cloudfront", func() (err error) {
			tags, err = c.ListTagsForResource(ctx, &cloudfront.ListTagsForResourceInput{Resource: d.ARN})
			return err
		}); err != nil {
			return failedWith(err)
		}
		if tags.Tags == nil {
			return failedWith(missingField("ListTagsForResource", "the Tags"))
		}
		a := distributionAttrs(awssdk.ToString(d.Id), awssdk.ToString(d.ARN), awssdk.ToString(d.DomainName), *d.DistributionConfig)
		a["tags"] = tagMap(tags.Tags.Items, func(t cftypes.Tag) (string, string) { return awssdk.ToString(t.Key), awssdk.ToString(t.Value) })
		return foundAs(a)
	})
}

// distributionAttrs are the provider's attributes of a distribution:
// aliases and origins as sets, the viewer certificate, default cache
// behaviour and logging blocks with the settings that matter for
// exposure.
func distributionAttrs(id, arn, domain string, c cftypes.DistributionConfig) map[string]any {
	var aliases []string
	if c.Aliases != nil {
		aliases = c.Aliases.Items
	}
	origins := []any{}
	if c.Origins != nil {
		for _, o := range c.Origins.Items {
			origins = append(origins, map[string]any{"origin_id": awssdk.ToString(o.Id), "domain_name": awssdk.ToString(o.DomainName)})
		}
	}
	cert := []any{}
	if v := c.ViewerCertificate; v != nil {
		cert = []any{map[string]any{"minimum_protocol_version": string(v.MinimumProtocolVersion),
			"cloudfront_default_certificate": awssdk.ToBool(v.CloudFrontDefaultCertificate),
			"acm_certificate_arn":            awssdk.ToString(v.ACMCertificateArn), "ssl_support_method": string(v.SSLSupportMethod)}}
	}
	behavior := []any{}
	if b := c.DefaultCacheBehavior; b != nil {
		behavior = []any{map[string]any{"viewer_protocol_policy": string(b.ViewerProtocolPolicy), "target_origin_id": awssdk.ToString(b.TargetOriginId)}}
	}
	logging := []any{}
	if l := c.Logging; l != nil && awssdk.ToBool(l.Enabled) {
		logging = []any{map[string]any{"bucket": awssdk.ToString(l.Bucket), "prefix": awssdk.ToString(l.Prefix),
			"include_cookies": awssdk.ToBool(l.IncludeCookies)}}
	}
	return map[string]any{
		"id":                     id,
		"arn":                    arn,
		"domain_name":            domain,
		"enabled":                awssdk.ToBool(c.Enabled),
		"comment":                awssdk.ToString(c.Comment),
		"aliases":                strings2any(aliases),
		"price_class":            string(c.PriceClass),
		"web_acl_id":             awssdk.ToString(c.WebACLId),
		"viewer_certificate":     cert,
		"default_cache_behavior": behavior,
		"origin":                 origins,
		"logging_config":         logging,
	}
}

// list sweeps every distribution.
func (r cfReader) list(ctx context.Context, typ, _ string) ([]cloud.Resource, error) {
	p := cloudfront.NewListDistributionsPaginator(r.client(), &cloudfront.ListDistributionsInput{MaxItems: awssdk.Int32(cfMaxItems)})
	var out []cloud.Resource
	for p.HasMorePages() {
		var page *cloudfront.ListDistributionsOutput
		if err := r.call(ctx, "cloudfront", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		if page.DistributionList == nil {
			return nil, missingField("ListDistributions", "the DistributionList")
		}
		for _, d := range page.DistributionList.Items {
			id, arn := awssdk.ToString(d.Id), awssdk.ToString(d.ARN)
			if id == "" {
				return nil, missingField("ListDistributions", "a distribution's Id")
			}
			out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: id},
				Attrs: map[string]any{"id": id, "arn": arn, "domain_name": awssdk.ToString(d.DomainName)}})
		}
	}
	return out, nil
}
