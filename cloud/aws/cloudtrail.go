package aws

import (
	"context"
	"maps"
	"strings"
	"sync"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"golang.org/x/sync/errgroup"

	"github.com/driftfix/driftfix/cloud"
)

// CloudTrail trails, read in their home region. A multi-region trail has
// a shadow in every other region: the shadows are the trail seen from
// there, never unmanaged in that region. Event and insight selectors are
// not compared.
const typeTrail = "aws_cloudtrail"

func init() {
	types[typeTrail] = typeInfo{service: "cloudtrail", actions: []string{"cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus",
		"cloudtrail:ListTags", "cloudtrail:ListTrails"}}
	readers["cloudtrail"] = func(r *Reader) reader { return trailReader{r} }
}

// ctMaxTagIDs is the most trails one ListTags takes.
const ctMaxTagIDs = 20

type cloudtrailAPI interface {
	DescribeTrails(context.Context, *cloudtrail.DescribeTrailsInput, ...func(*cloudtrail.Options)) (*cloudtrail.DescribeTrailsOutput, error)
	GetTrailStatus(context.Context, *cloudtrail.GetTrailStatusInput, ...func(*cloudtrail.Options)) (*cloudtrail.GetTrailStatusOutput, error)
	ListTags(context.Context, *cloudtrail.ListTagsInput, ...func(*cloudtrail.Options)) (*cloudtrail.ListTagsOutput, error)
	ListTrails(context.Context, *cloudtrail.ListTrailsInput, ...func(*cloudtrail.Options)) (*cloudtrail.ListTrailsOutput, error)
}

type trailReader struct{ *Reader }

func (r trailReader) client(region string) cloudtrailAPI {
	return client(r.Reader, "cloudtrail", region, func(cfg awssdk.Config) cloudtrailAPI { return cloudtrail.NewFromConfig(cfg) })
}

// trailAttrs are the provider's attributes of a trail (its sns_topic_name
// as the provider derives it from the topic's ARN: the topic's name when
// the topic is the trail's region's and account's, else the ARN).
func trailAttrs(t cttypes.Trail) map[string]any {
	topic := awssdk.ToString(t.SnsTopicARN)
	if a, err := arn.Parse(topic); err == nil {
		if ta, err := arn.Parse(awssdk.ToString(t.TrailARN)); err == nil && a.Region == awssdk.ToString(t.HomeRegion) && a.AccountID == ta.AccountID {
			topic = a.Resource
		}
	}
	return map[string]any{
		"id":                            awssdk.ToString(t.TrailARN),
		"arn":                           awssdk.ToString(t.TrailARN),
		"name":                          awssdk.ToString(t.Name),
		"home_region":                   awssdk.ToString(t.HomeRegion),
		"s3_bucket_name":                awssdk.ToString(t.S3BucketName),
		"s3_key_prefix":                 awssdk.ToString(t.S3KeyPrefix),
		"is_multi_region_trail":         awssdk.ToBool(t.IsMultiRegionTrail),
		"is_organization_trail":         awssdk.ToBool(t.IsOrganizationTrail),
		"include_global_service_events": awssdk.ToBool(t.IncludeGlobalServiceEvents),
		"enable_log_file_validation":    awssdk.ToBool(t.LogFileValidationEnabled),
		"kms_key_id":                    awssdk.ToString(t.KmsKeyId),
		"cloud_watch_logs_group_arn":    awssdk.ToString(t.CloudWatchLogsLogGroupArn),
		"cloud_watch_logs_role_arn":     awssdk.ToString(t.CloudWatchLogsRoleArn),
		"sns_topic_name":                topic,
	}
}

// get reads the trails (ID: the name in provider v4, the ARN in v5 and v6;
// DescribeTrails takes both) of one region in one DescribeTrails, then
// each trail's status and, 20 trails a call, their tags.
func (r trailReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	var res cloud.GetResult
	for region, refs := range groupByRegion(refs) {
		c := r.client(region)
		ids := make([]string, 0, len(refs))
		for _, ref := range refs {
			ids = append(ids, ref.ID)
		}
		var out *cloudtrail.DescribeTrailsOutput
		err := r.call(ctx, "cloudtrail", func() (err error) {
			out, err = c.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{TrailNameList: ids, IncludeShadowTrails: awssdk.Bool(false)})
			return err
		})
		if err == nil {
			for _, t := range out.TrailList {
				if awssdk.ToString(t.Name) == "" || awssdk.ToString(t.TrailARN) == "" {
					err = missingField("DescribeTrails", "a trail's Name and TrailARN")
				}
			}
		}
		if err != nil {
			res = merge(res, readEach(refs, func(cloud.Ref) outcome { return failedWith(err) }))
			continue
		}
		byID := map[string]map[string]any{}
		var arns []string
		for _, t := range out.TrailList {
			attrs := trailAttrs(t)
			byID[*t.Name], byID[*t.TrailARN] = attrs, attrs
			arns = append(arns, *t.TrailARN)
		}
		var mu sync.Mutex
		g, gctx := errgroup.WithContext(ctx)
		for _, batch := range chunks(arns, ctMaxTagIDs) {
			g.Go(func() error {
				// ListTags pages (NextToken): a trail's tags may continue
				// on the next page, or the next trail's start there.
				tags := map[string][]cttypes.Tag{}
				p := cloudtrail.NewListTagsPaginator(c, &cloudtrail.ListTagsInput{ResourceIdList: batch})
				for p.HasMorePages() {
					var page *cloudtrail.ListTagsOutput
					if err := r.call(gctx, "cloudtrail", func() (err error) { page, err = p.NextPage(gctx); return err }); err != nil {
						return err
					}
					for _, t := range page.ResourceTagList {
						id := awssdk.ToString(t.ResourceId)
						tags[id] = append(tags[id], t.TagsList...)
					}
				}
				mu.Lock()
				defer mu.Unlock()
				for id, ts := range tags {
					if attrs := byID[id]; attrs != nil {
						attrs["tags"] = tagMap(ts, func(t cttypes.Tag) (string, string) { return awssdk.ToString(t.Key), awssdk.ToString(t.Value) })
					}
				}
				return nil
			})
		}
		for _, a := range arns {
			g.Go(func() error {
				var st *cloudtrail.GetTrailStatusOutput
				if err := r.call(gctx, "cloudtrail", func() (err error) {
					st, err = c.GetTrailStatus(gctx, &cloudtrail.GetTrailStatusInput{Name: &a})
					return err
				}); err != nil {
					return err
				}
				if st.IsLogging == nil {
					return missingField("GetTrailStatus", "IsLogging")
				}
				mu.Lock()
				defer mu.Unlock()
				byID[a]["enable_logging"] = *st.IsLogging
				return nil
			})
		}
		// A trail not found by GetTrailStatus after DescribeTrails found it
		// was deleted while read: failed, for the next read to tell.
		err = g.Wait()
		res = merge(res, readEach(refs, func(ref cloud.Ref) outcome {
			attrs := byID[ref.ID]
			switch {
			case attrs == nil:
				return notFound
			case err != nil:
				return failedWith(err)
			case attrs["tags"] == nil:
				return failedWith(missingField("ListTags", "the trail's tags"))
			}
			// id as the ref's provider version keeps it: the name (v4)
			// or the ARN.
			attrs = maps.Clone(attrs)
			attrs["id"] = ref.ID
			return foundAs(attrs)
		}))
	}
	return res
}

// list pages through ListTrails and keeps the trails whose home is region
// (the others are shadows of trails of other regions).
func (r trailReader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	p := cloudtrail.NewListTrailsPaginator(r.client(region), &cloudtrail.ListTrailsInput{})
	var out []cloud.Resource
	for p.HasMorePages() {
		var page *cloudtrail.ListTrailsOutput
		if err := r.call(ctx, "cloudtrail", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, t := range page.Trails {
			if awssdk.ToString(t.TrailARN) == "" || awssdk.ToString(t.Name) == "" || awssdk.ToString(t.HomeRegion) == "" {
				return nil, missingField("ListTrails", "a trail's TrailARN, Name and HomeRegion")
			}
			if !strings.EqualFold(*t.HomeRegion, region) {
				continue
			}
			out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: *t.TrailARN, Region: region},
				Attrs: map[string]any{"id": *t.TrailARN, "arn": *t.TrailARN, "name": *t.Name, "home_region": *t.HomeRegion}})
		}
	}
	return out, nil
}
