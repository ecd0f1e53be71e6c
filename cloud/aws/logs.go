package aws

import (
	"context"
	"errors"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/driftfix/driftfix/cloud"
)

// CloudWatch Logs log groups. A group that a service made by itself
// (Lambda's /aws/lambda/<function> on the first invocation, and the like)
// is an unmanaged group like any other: it is the account's, it keeps
// logs, and its retention (forever by default) is what a team wants to
// manage; so every group is swept.
const typeLogGroup = "aws_cloudwatch_log_group"

func init() {
	types[typeLogGroup] = typeInfo{service: "logs", actions: []string{"logs:DescribeLogGroups", "logs:ListTagsForResource"}}
	readers["logs"] = func(r *Reader) reader { return logsReader{r} }
}

// logsMaxGroups is the largest page of DescribeLogGroups.
const logsMaxGroups = 50

type logsAPI interface {
	DescribeLogGroups(context.Context, *cloudwatchlogs.DescribeLogGroupsInput, ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DescribeLogGroupsOutput, error)
	ListTagsForResource(context.Context, *cloudwatchlogs.ListTagsForResourceInput, ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.ListTagsForResourceOutput, error)
}

type logsReader struct{ *Reader }

func (r logsReader) client(region string) logsAPI {
	return client(r.Reader, "logs", region, func(cfg awssdk.Config) logsAPI { return cloudwatchlogs.NewFromConfig(cfg) })
}

func groupAttrs(g logstypes.LogGroup) map[string]any {
	attrs := map[string]any{
		"id":                awssdk.ToString(g.LogGroupName),
		"name":              awssdk.ToString(g.LogGroupName),
		"arn":               strings.TrimSuffix(awssdk.ToString(g.Arn), ":*"), // the provider keeps it without ":*"
		"retention_in_days": float64(awssdk.ToInt32(g.RetentionInDays)),       // 0: never expire
		"kms_key_id":        awssdk.ToString(g.KmsKeyId),
		"log_group_class":   string(g.LogGroupClass),
	}
	if attrs["log_group_class"] == "" { // AWS always sends it; moto does not
		delete(attrs, "log_group_class")
	}
	return attrs
}

// get reads each group (its ID is its name in every provider version)
// with one DescribeLogGroups by name prefix: the group itself sorts first
// among the groups its name prefixes, so the first answer is it or it
// does not exist. Then its tags.
func (r logsReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	return readParallel(ctx, r.fanout, refs, func(ctx context.Context, ref cloud.Ref) outcome {
		c := r.client(ref.Region)
		var out *cloudwatchlogs.DescribeLogGroupsOutput
		if err := r.call(ctx, "logs", func() (err error) {
			out, err = c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: &ref.ID, Limit: awssdk.Int32(1)})
			return err
		}); err != nil {
			return failedWith(err)
		}
		if len(out.LogGroups) == 0 || awssdk.ToString(out.LogGroups[0].LogGroupName) != ref.ID {
			return notFound
		}
		attrs := groupAttrs(out.LogGroups[0])
		var tags *cloudwatchlogs.ListTagsForResourceOutput
		arn := attrs["arn"].(string)
		if arn == "" {
			return failedWith(missingField("DescribeLogGroups", "the group's Arn"))
		}
		err := r.call(ctx, "logs", func() (err error) {
			tags, err = c.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: &arn})
			return err
		})
		var nf *logstypes.ResourceNotFoundException
		switch {
		case errors.As(err, &nf):
			return notFound // deleted between the two calls
		case err != nil:
			return failedWith(err)
		}
		attrs["tags"] = mapOf(tags.Tags)
		return foundAs(attrs)
	})
}

// list pages through the region's log groups.
func (r logsReader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(r.client(region), &cloudwatchlogs.DescribeLogGroupsInput{Limit: awssdk.Int32(logsMaxGroups)})
	var out []cloud.Resource
	for p.HasMorePages() {
		var page *cloudwatchlogs.DescribeLogGroupsOutput
		if err := r.call(ctx, "logs", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, g := range page.LogGroups {
			if awssdk.ToString(g.LogGroupName) == "" {
				return nil, missingField("DescribeLogGroups", "a group's LogGroupName")
			}
			out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: *g.LogGroupName, Region: region}, Attrs: groupAttrs(g)})
		}
	}
	return out, nil
}
