package aws

import (
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
)

// CloudFront distributions against moto (id: the distribution ID, in
// provider v4 to v6). No drift on the untouched estate; plain HTTP
// allowed to viewers and an origin added by hand are changes; a
// distribution made by hand is unmanaged; a deleted one deleted.
func TestCloudFrontDriftAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, typeCloudFrontDistribution)
	ctx := t.Context()
	s := awssdk.String
	c := cloudfront.NewFromConfig(e.cfg)
	config := func(ref string, policy cftypes.ViewerProtocolPolicy, origins ...string) *cftypes.DistributionConfig {
		var items []cftypes.Origin
		for _, o := range origins {
			items = append(items, cftypes.Origin{Id: s(o), DomainName: s(o),
				S3OriginConfig: &cftypes.S3OriginConfig{OriginAccessIdentity: s("")}})
		}
		return &cftypes.DistributionConfig{CallerReference: s(ref), Comment: s(ref), Enabled: awssdk.Bool(true),
			Origins: &cftypes.Origins{Quantity: awssdk.Int32(int32(len(items))), Items: items},
			Aliases: &cftypes.Aliases{Quantity: awssdk.Int32(1), Items: []string{ref + ".example.com"}},
			DefaultCacheBehavior: &cftypes.DefaultCacheBehavior{TargetOriginId: s(origins[0]), ViewerProtocolPolicy: policy,
				CachePolicyId:  s("658327ea-f89d-4fab-a63d-7e88639e58f6"), // the managed CachingOptimized policy
				TrustedSigners: &cftypes.TrustedSigners{Enabled: awssdk.Bool(false), Quantity: awssdk.Int32(0)}},
			PriceClass: cftypes.PriceClassPriceClass100,
		}
	}
	created := mustDo[*cloudfront.CreateDistributionWithTagsOutput](t, "CreateDistributionWithTags")(c.CreateDistributionWithTags(ctx,
		&cloudfront.CreateDistributionWithTagsInput{DistributionConfigWithTags: &cftypes.DistributionConfigWithTags{
			DistributionConfig: config("site", cftypes.ViewerProtocolPolicyRedirectToHttps, "site.s3.amazonaws.com"),
			Tags:               &cftypes.Tags{Items: []cftypes.Tag{{Key: s("team"), Value: s("web")}}}}}))
	site := awssdk.ToString(created.Distribution.Id)
	stray := awssdk.ToString(mustDo[*cloudfront.CreateDistributionOutput](t, "CreateDistribution")(c.CreateDistribution(ctx,
		&cloudfront.CreateDistributionInput{DistributionConfig: config("stray", cftypes.ViewerProtocolPolicyAllowAll, "stray.s3.amazonaws.com")})).Distribution.Id)

	got := mustDo[*cloudfront.GetDistributionOutput](t, "GetDistribution")(c.GetDistribution(ctx, &cloudfront.GetDistributionInput{Id: &site}))
	cfg := got.Distribution.DistributionConfig
	e.add("aws_cloudfront_distribution.site", site, map[string]any{"arn": awssdk.ToString(created.Distribution.ARN),
		"domain_name": awssdk.ToString(created.Distribution.DomainName), "enabled": true, "comment": "site",
		"aliases": []any{"site.example.com"}, "price_class": "PriceClass_100", "web_acl_id": "",
		"origin":                 []any{map[string]any{"origin_id": "site.s3.amazonaws.com", "domain_name": "site.s3.amazonaws.com", "origin_path": ""}},
		"default_cache_behavior": []any{map[string]any{"viewer_protocol_policy": "redirect-to-https", "target_origin_id": "site.s3.amazonaws.com"}},
		// What moto answers for a config that names no certificate (the
		// provider keeps the API's answer).
		"viewer_certificate": []any{map[string]any{"minimum_protocol_version": string(cfg.ViewerCertificate.MinimumProtocolVersion),
			"cloudfront_default_certificate": awssdk.ToBool(cfg.ViewerCertificate.CloudFrontDefaultCertificate),
			"acm_certificate_arn":            "", "ssl_support_method": string(cfg.ViewerCertificate.SSLSupportMethod)}},
		"logging_config": []any{}, "tags": map[string]any{"team": "web"}})

	e.expect("right after creation", "unmanaged aws_cloudfront_distribution "+stray)
	e.checkActions()

	cfg.DefaultCacheBehavior.ViewerProtocolPolicy = cftypes.ViewerProtocolPolicyAllowAll
	ok(t, "UpdateDistribution")(c.UpdateDistribution(ctx, &cloudfront.UpdateDistributionInput{Id: &site, IfMatch: got.ETag, DistributionConfig: cfg}))
	e.expect("after the change",
		"changed aws_cloudfront_distribution aws_cloudfront_distribution.site default_cache_behavior[0].viewer_protocol_policy=allow-all",
		"unmanaged aws_cloudfront_distribution "+stray,
	)

	got = mustDo[*cloudfront.GetDistributionOutput](t, "GetDistribution")(c.GetDistribution(ctx, &cloudfront.GetDistributionInput{Id: &site}))
	cfg = got.Distribution.DistributionConfig
	cfg.Enabled = awssdk.Bool(false)
	upd := mustDo[*cloudfront.UpdateDistributionOutput](t, "UpdateDistribution disable")(c.UpdateDistribution(ctx,
		&cloudfront.UpdateDistributionInput{Id: &site, IfMatch: got.ETag, DistributionConfig: cfg}))
	ok(t, "DeleteDistribution")(c.DeleteDistribution(ctx, &cloudfront.DeleteDistributionInput{Id: &site, IfMatch: upd.ETag}))
	e.expect("after the deletion",
		"deleted aws_cloudfront_distribution aws_cloudfront_distribution.site",
		"unmanaged aws_cloudfront_distribution "+stray,
	)
}
