package aws

import (
	"context"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/driftfix/driftfix/cloud"
)

// SSM parameters: metadata only. No value is ever read (GetParameter is
// never called, with or without decryption, and is not in the IAM
// policy), not even a String parameter's: a String parameter can hold a
// secret all the same (people do store tokens as String), and a value
// changed by hand still shows, as the parameter's version, which every
// PutParameter raises.
const typeSSMParameter = "aws_ssm_parameter"

func init() {
	types[typeSSMParameter] = typeInfo{service: "ssm", actions: []string{"ssm:DescribeParameters", "ssm:ListTagsForResource"}}
	readers["ssm"] = func(r *Reader) reader { return ssmReader{r} }
}

// ssmMaxResults is the largest page of DescribeParameters, and the most
// values one of its filters takes.
const ssmMaxResults = 50

type ssmAPI interface {
	DescribeParameters(context.Context, *ssm.DescribeParametersInput, ...func(*ssm.Options)) (*ssm.DescribeParametersOutput, error)
	ListTagsForResource(context.Context, *ssm.ListTagsForResourceInput, ...func(*ssm.Options)) (*ssm.ListTagsForResourceOutput, error)
}

type ssmReader struct{ *Reader }

func (r ssmReader) client(region string) ssmAPI {
	return client(r.Reader, "ssm", region, func(cfg awssdk.Config) ssmAPI { return ssm.NewFromConfig(cfg) })
}

// describe pages through DescribeParameters with filters (every parameter
// when none) and checks each answer names its parameter.
func (r ssmReader) describe(ctx context.Context, region string, filters []ssmtypes.ParameterStringFilter) ([]ssmtypes.ParameterMetadata, error) {
	p := ssm.NewDescribeParametersPaginator(r.client(region), &ssm.DescribeParametersInput{ParameterFilters: filters, MaxResults: awssdk.Int32(ssmMaxResults)})
	var out []ssmtypes.ParameterMetadata
	for p.HasMorePages() {
		var page *ssm.DescribeParametersOutput
		if err := r.call(ctx, "ssm", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, m := range page.Parameters {
			if awssdk.ToString(m.Name) == "" || m.Type == "" {
				return nil, missingField("DescribeParameters", "a parameter's Name and Type")
			}
		}
		out = append(out, page.Parameters...)
	}
	return out, nil
}

// paramAttrs are the provider's attributes of a parameter, its value left
// out.
func paramAttrs(m ssmtypes.ParameterMetadata) map[string]any {
	attrs := map[string]any{
		"id":              awssdk.ToString(m.Name),
		"name":            awssdk.ToString(m.Name),
		"arn":             awssdk.ToString(m.ARN),
		"type":            string(m.Type),
		"description":     awssdk.ToString(m.Description),
		"tier":            string(m.Tier),
		"data_type":       awssdk.ToString(m.DataType),
		"allowed_pattern": awssdk.ToString(m.AllowedPattern),
		"key_id":          awssdk.ToString(m.KeyId),
		"version":         float64(m.Version),
	}
	// An answer without these says nothing about them (AWS always sends
	// them; moto leaves out the ARN).
	for _, k := range []string{"arn", "tier", "data_type"} {
		if attrs[k] == "" {
			delete(attrs, k)
		}
	}
	return attrs
}

// get reads the parameters by name (their ID in every provider version),
// 50 names a DescribeParameters filter, then the tags of each found one.
func (r ssmReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	found, failed := describeByID(ctx, r.fanout, ssmMaxResults, refs, nil, func(ctx context.Context, region string, names []string) ([]ssmtypes.ParameterMetadata, error) {
		return r.describe(ctx, region, []ssmtypes.ParameterStringFilter{{Key: awssdk.String("Name"), Option: awssdk.String("Equals"), Values: names}})
	}, func(m ssmtypes.ParameterMetadata) string { return *m.Name })
	return readParallel(ctx, r.fanout, refs, func(ctx context.Context, ref cloud.Ref) outcome {
		k := regionID{ref.Region, ref.ID}
		if err := failed[k]; err != nil {
			return failedWith(err)
		}
		m, ok := found[k]
		if !ok {
			return notFound
		}
		t, err := r.tags(ctx, ref.Region, ref.ID)
		if err != nil {
			return failedWith(err)
		}
		attrs := paramAttrs(m)
		attrs["tags"] = t
		return foundAs(attrs)
	})
}

func (r ssmReader) tags(ctx context.Context, region, name string) (map[string]any, error) {
	var out *ssm.ListTagsForResourceOutput
	if err := r.call(ctx, "ssm", func() (err error) {
		out, err = r.client(region).ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: ssmtypes.ResourceTypeForTaggingParameter, ResourceId: &name})
		return err
	}); err != nil {
		return nil, err
	}
	return keyedTagMap("ListTagsForResource", out.TagList, func(t ssmtypes.Tag) (*string, *string) { return t.Key, t.Value })
}

// list pages through the region's parameters (AWS's public parameters,
// /aws/service/…, are not the account's and are not listed).
func (r ssmReader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	params, err := r.describe(ctx, region, nil)
	if err != nil {
		return nil, err
	}
	out := make([]cloud.Resource, 0, len(params))
	for _, m := range params {
		out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: *m.Name, Region: region}, Attrs: paramAttrs(m)})
	}
	return out, nil
}
