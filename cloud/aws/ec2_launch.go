package aws

import (
	"context"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// Launch templates, read like the network types (see netKinds): a Get
// describes its templates by ID, 200 a call, and the default version of
// every template in the region with one paged DescribeLaunchTemplateVersions
// ($Default without a template: AWS's own way to read them all at once);
// the sweep is DescribeLaunchTemplates alone. The id is the lt-… in every
// provider version.
const typeLaunchTemplate = "aws_launch_template"

// ec2MaxLaunchTemplates is the largest page both launch template calls allow.
const ec2MaxLaunchTemplates = 200

func init() {
	types[typeLaunchTemplate] = typeInfo{service: "ec2", actions: []string{"ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions"}}
	netKinds[typeLaunchTemplate] = netKind{filter: "launch-template-id", objects: ec2Reader.launchTemplateObjects}
}

func (r ec2Reader) launchTemplates(ctx context.Context, region string, ids []string) ([]ec2types.LaunchTemplate, error) {
	in := &ec2.DescribeLaunchTemplatesInput{LaunchTemplateIds: ids}
	if ids == nil {
		in.MaxResults = awssdk.Int32(ec2MaxLaunchTemplates)
	}
	p := ec2.NewDescribeLaunchTemplatesPaginator(r.ec2Client(region), in)
	lts, err := allPages(ctx, r, p, func(o *ec2.DescribeLaunchTemplatesOutput) []ec2types.LaunchTemplate { return o.LaunchTemplates })
	if err != nil {
		return nil, err
	}
	for _, lt := range lts {
		if awssdk.ToString(lt.LaunchTemplateId) == "" || !tagsValid(lt.Tags) {
			return nil, missingField("DescribeLaunchTemplates", "a template's LaunchTemplateId or a tag's Key")
		}
	}
	return lts, nil
}

// defaultVersions are the default versions of the region's templates, by
// template ID, read once per Get.
func (r ec2Reader) defaultVersions(ctx context.Context, region string) (map[string]ec2types.LaunchTemplateVersion, error) {
	return memoized(ctx, "ec2:launchtemplateversions:"+region, func() (map[string]ec2types.LaunchTemplateVersion, error) {
		p := ec2.NewDescribeLaunchTemplateVersionsPaginator(r.ec2Client(region),
			&ec2.DescribeLaunchTemplateVersionsInput{Versions: []string{"$Default"}, MaxResults: awssdk.Int32(ec2MaxLaunchTemplates)})
		vs, err := allPages(ctx, r, p, func(o *ec2.DescribeLaunchTemplateVersionsOutput) []ec2types.LaunchTemplateVersion {
			return o.LaunchTemplateVersions
		})
		if err != nil {
			return nil, err
		}
		out := map[string]ec2types.LaunchTemplateVersion{}
		for _, v := range vs {
			if awssdk.ToString(v.LaunchTemplateId) == "" {
				return nil, missingField("DescribeLaunchTemplateVersions", "a version's LaunchTemplateId")
			}
			out[awssdk.ToString(v.LaunchTemplateId)] = v
		}
		return out, nil
	})
}

// launchTemplateObjects: the sweep (filters nil) has what
// DescribeLaunchTemplates answers; a read by ID adds the default
// version's description and data.
func (r ec2Reader) launchTemplateObjects(ctx context.Context, region string, filters []ec2types.Filter) ([]netObj, error) {
	ids, _ := idParam(filters, "launch-template-id")
	lts, err := r.launchTemplates(ctx, region, ids)
	if err != nil {
		return nil, err
	}
	var defaults map[string]ec2types.LaunchTemplateVersion
	if filters != nil && len(lts) > 0 {
		if defaults, err = r.defaultVersions(ctx, region); err != nil {
			return nil, err
		}
	}
	var out []netObj
	for _, lt := range lts {
		id := awssdk.ToString(lt.LaunchTemplateId)
		attrs := map[string]any{
			"id": id, "name": awssdk.ToString(lt.LaunchTemplateName),
			"default_version": float64(awssdk.ToInt64(lt.DefaultVersionNumber)),
			"latest_version":  float64(awssdk.ToInt64(lt.LatestVersionNumber)),
			"tags":            ec2Tags(lt.Tags),
		}
		if filters != nil {
			v, ok := defaults[id]
			if !ok {
				return nil, missingField("DescribeLaunchTemplateVersions", "the default version of "+id)
			}
			launchTemplateData(attrs, v)
		}
		out = append(out, netObj{id: id, attrs: attrs})
	}
	return out, nil
}

// launchTemplateData adds the default version's description and data, in
// the provider's attributes. ebs_optimized is a string there ("" when not
// set).
func launchTemplateData(attrs map[string]any, v ec2types.LaunchTemplateVersion) {
	attrs["description"] = awssdk.ToString(v.VersionDescription)
	d := v.LaunchTemplateData
	if d == nil {
		d = &ec2types.ResponseLaunchTemplateData{}
	}
	attrs["image_id"] = awssdk.ToString(d.ImageId)
	attrs["instance_type"] = string(d.InstanceType)
	attrs["ebs_optimized"] = ""
	if d.EbsOptimized != nil {
		attrs["ebs_optimized"] = *d.EbsOptimized
	}
	attrs["vpc_security_group_ids"] = strings2any(d.SecurityGroupIds)
	md := []any{}
	if m := d.MetadataOptions; m != nil {
		block := map[string]any{}
		for k, v := range map[string]string{"http_endpoint": string(m.HttpEndpoint), "http_tokens": string(m.HttpTokens),
			"http_protocol_ipv6": string(m.HttpProtocolIpv6), "instance_metadata_tags": string(m.InstanceMetadataTags)} {
			if v != "" { // an answer without a value says nothing of it
				block[k] = v
			}
		}
		if m.HttpPutResponseHopLimit != nil {
			block["http_put_response_hop_limit"] = float64(*m.HttpPutResponseHopLimit)
		}
		md = []any{block}
	}
	attrs["metadata_options"] = md
}
