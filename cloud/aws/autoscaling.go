package aws

import (
	"context"
	"slices"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/driftfix/driftfix/cloud"
)

// Auto Scaling groups: read by name, 100 names a DescribeAutoScalingGroups
// call (its largest page), and swept with the same call. The id is the
// group's name in every provider version. The instances a group launches
// are its own, never unmanaged aws_instance (see launchedByGroup); the
// groups of EKS managed node groups are EKS's (aws_eks_node_group), never
// unmanaged aws_autoscaling_group.
const typeAutoScalingGroup = "aws_autoscaling_group"

const asgMaxRecords = 100

func init() {
	types[typeAutoScalingGroup] = typeInfo{service: "autoscaling", actions: []string{"autoscaling:DescribeAutoScalingGroups"}}
	readers["autoscaling"] = func(r *Reader) reader { return asgReader{r} }
}

// asgAPI is what the reader calls on Auto Scaling.
type asgAPI interface {
	DescribeAutoScalingGroups(context.Context, *autoscaling.DescribeAutoScalingGroupsInput, ...func(*autoscaling.Options)) (*autoscaling.DescribeAutoScalingGroupsOutput, error)
}

type asgReader struct{ *Reader }

func (r asgReader) client(region string) asgAPI {
	return client(r.Reader, "autoscaling", region, func(cfg awssdk.Config) asgAPI { return autoscaling.NewFromConfig(cfg) })
}

func (r asgReader) groups(ctx context.Context, region string, names []string) ([]astypes.AutoScalingGroup, error) {
	p := autoscaling.NewDescribeAutoScalingGroupsPaginator(r.client(region),
		&autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: names, MaxRecords: awssdk.Int32(asgMaxRecords)})
	out, err := paged(ctx, r.Reader, "autoscaling", p, func(o *autoscaling.DescribeAutoScalingGroupsOutput) []astypes.AutoScalingGroup {
		return o.AutoScalingGroups
	})
	for _, g := range out {
		if awssdk.ToString(g.AutoScalingGroupName) == "" {
			return nil, missingField("DescribeAutoScalingGroups", "a group's AutoScalingGroupName")
		}
		if slices.ContainsFunc(g.Tags, func(t astypes.TagDescription) bool { return t.Key == nil }) {
			return nil, missingField("DescribeAutoScalingGroups", "a tag's Key")
		}
	}
	return out, err
}

func (r asgReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	var res cloud.GetResult
	for region, rs := range groupByRegion(refs) {
		found, failed := byID(ctx, r.fanout, asgMaxRecords, ids(rs),
			func(ctx context.Context, names []string) ([]astypes.AutoScalingGroup, error) {
				return r.groups(ctx, region, names)
			},
			func(g astypes.AutoScalingGroup) string { return awssdk.ToString(g.AutoScalingGroupName) })
		part := readEach(rs, func(ref cloud.Ref) outcome {
			if err := failed[ref.ID]; err != nil {
				return failedWith(err)
			}
			g, ok := found[ref.ID]
			if !ok || g.Status != nil && strings.HasPrefix(*g.Status, "Delete") {
				return notFound
			}
			return foundAs(asgAttrs(g))
		})
		res = merge(res, part)
	}
	return res
}

// asgAttrs are the provider's attributes of a group: tags as its tag
// blocks, the subnets of vpc_zone_identifier as a set.
func asgAttrs(g astypes.AutoScalingGroup) map[string]any {
	name := awssdk.ToString(g.AutoScalingGroupName)
	lt := []any{}
	if s := g.LaunchTemplate; s != nil {
		lt = []any{map[string]any{"id": awssdk.ToString(s.LaunchTemplateId), "name": awssdk.ToString(s.LaunchTemplateName),
			"version": awssdk.ToString(s.Version)}}
	}
	var subnets []string
	for s := range strings.SplitSeq(awssdk.ToString(g.VPCZoneIdentifier), ",") {
		if s = strings.TrimSpace(s); s != "" {
			subnets = append(subnets, s)
		}
	}
	tags := []any{}
	for _, t := range g.Tags {
		tags = append(tags, map[string]any{"key": awssdk.ToString(t.Key), "value": awssdk.ToString(t.Value),
			"propagate_at_launch": awssdk.ToBool(t.PropagateAtLaunch)})
	}
	return map[string]any{
		"id":                  name,
		"name":                name,
		"arn":                 awssdk.ToString(g.AutoScalingGroupARN),
		"min_size":            float64(awssdk.ToInt32(g.MinSize)),
		"max_size":            float64(awssdk.ToInt32(g.MaxSize)),
		"desired_capacity":    float64(awssdk.ToInt32(g.DesiredCapacity)),
		"launch_template":     lt,
		"vpc_zone_identifier": strings2any(subnets),
		"target_group_arns":   strings2any(g.TargetGroupARNs),
		"health_check_type":   awssdk.ToString(g.HealthCheckType),
		"tag":                 tags,
	}
}

func asgTags(g astypes.AutoScalingGroup) map[string]any {
	return tagMap(g.Tags, func(t astypes.TagDescription) (string, string) {
		return awssdk.ToString(t.Key), awssdk.ToString(t.Value)
	})
}

// list sweeps the region's groups, but those of EKS managed node groups.
func (r asgReader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	gs, err := r.groups(ctx, region, nil)
	if err != nil {
		return nil, err
	}
	var out []cloud.Resource
	for _, g := range gs {
		tags := asgTags(g)
		if _, eks := tags["eks:nodegroup-name"]; eks {
			continue
		}
		name := awssdk.ToString(g.AutoScalingGroupName)
		out = append(out, cloud.Resource{
			Ref:   cloud.Ref{Type: typ, ID: name, Region: region},
			Attrs: map[string]any{"id": name, "name": name, "arn": awssdk.ToString(g.AutoScalingGroupARN), "tags": tags},
		})
	}
	return out, nil
}
