package aws

import (
	"context"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"

	"github.com/driftfix/driftfix/cloud"
)

// CloudWatch metric alarms (composite alarms are another type). The
// alarms on a metric math expression (metric_query) are read for their
// other attributes; the expression is not compared.
const typeMetricAlarm = "aws_cloudwatch_metric_alarm"

func init() {
	types[typeMetricAlarm] = typeInfo{service: "cloudwatch", actions: []string{"cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"}}
	readers["cloudwatch"] = func(r *Reader) reader { return alarmReader{r} }
}

// alarmsMax is the largest page of DescribeAlarms, and the most names it
// takes.
const alarmsMax = 100

type cloudwatchAPI interface {
	DescribeAlarms(context.Context, *cloudwatch.DescribeAlarmsInput, ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error)
	ListTagsForResource(context.Context, *cloudwatch.ListTagsForResourceInput, ...func(*cloudwatch.Options)) (*cloudwatch.ListTagsForResourceOutput, error)
}

type alarmReader struct{ *Reader }

func (r alarmReader) client(region string) cloudwatchAPI {
	return client(r.Reader, "cloudwatch", region, func(cfg awssdk.Config) cloudwatchAPI {
		return cloudwatch.NewFromConfig(cfg, cloudwatchJSON)
	})
}

// cloudwatchJSON makes a client speak AWS JSON 1.0, which CloudWatch
// serves alongside the RPC v2 CBOR this SDK version defaults to (and the
// query protocol): its answers are checked whole like every JSON
// service's (responseCheck), and other endpoints speak it (moto 5.2
// answers CBOR requests with a 404).
func cloudwatchJSON(o *cloudwatch.Options) {
	o.Protocol = awsjson.New10(cwschemas.GraniteServiceVersion20100801)
}

// describe pages through the metric alarms named (every one when names is
// nil).
func (r alarmReader) describe(ctx context.Context, region string, names []string) ([]cwtypes.MetricAlarm, error) {
	p := cloudwatch.NewDescribeAlarmsPaginator(r.client(region), &cloudwatch.DescribeAlarmsInput{AlarmNames: names, MaxRecords: awssdk.Int32(alarmsMax),
		AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeMetricAlarm}})
	var out []cwtypes.MetricAlarm
	for p.HasMorePages() {
		var page *cloudwatch.DescribeAlarmsOutput
		if err := r.call(ctx, "cloudwatch", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, a := range page.MetricAlarms {
			if awssdk.ToString(a.AlarmName) == "" || awssdk.ToString(a.AlarmArn) == "" {
				return nil, missingField("DescribeAlarms", "an alarm's AlarmName and AlarmArn")
			}
		}
		out = append(out, page.MetricAlarms...)
	}
	return out, nil
}

// alarmAttrs are the provider's attributes of a metric alarm.
func alarmAttrs(a cwtypes.MetricAlarm) map[string]any {
	dims := map[string]any{}
	for _, d := range a.Dimensions {
		dims[awssdk.ToString(d.Name)] = awssdk.ToString(d.Value)
	}
	attrs := map[string]any{
		"id":                        awssdk.ToString(a.AlarmName),
		"alarm_name":                awssdk.ToString(a.AlarmName),
		"arn":                       awssdk.ToString(a.AlarmArn),
		"alarm_description":         awssdk.ToString(a.AlarmDescription),
		"comparison_operator":       string(a.ComparisonOperator),
		"evaluation_periods":        float64(awssdk.ToInt32(a.EvaluationPeriods)),
		"datapoints_to_alarm":       float64(awssdk.ToInt32(a.DatapointsToAlarm)),
		"metric_name":               awssdk.ToString(a.MetricName),
		"namespace":                 awssdk.ToString(a.Namespace),
		"period":                    float64(awssdk.ToInt32(a.Period)),
		"statistic":                 string(a.Statistic),
		"extended_statistic":        awssdk.ToString(a.ExtendedStatistic),
		"threshold":                 awssdk.ToFloat64(a.Threshold),
		"threshold_metric_id":       awssdk.ToString(a.ThresholdMetricId),
		"unit":                      string(a.Unit),
		"treat_missing_data":        awssdk.ToString(a.TreatMissingData),
		"actions_enabled":           awssdk.ToBool(a.ActionsEnabled),
		"alarm_actions":             strings2any(a.AlarmActions),
		"ok_actions":                strings2any(a.OKActions),
		"insufficient_data_actions": strings2any(a.InsufficientDataActions),
		"dimensions":                dims,
	}
	// AWS answers "missing" when the alarm was made without it (the
	// provider's default); an answer without it says nothing.
	if attrs["treat_missing_data"] == "" {
		delete(attrs, "treat_missing_data")
	}
	return attrs
}

// get reads the alarms (ID: the alarm name, every provider version) 100
// names a DescribeAlarms, then each found alarm's tags.
func (r alarmReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	found, failed := describeByID(ctx, r.fanout, alarmsMax, refs, nil, r.describe, func(a cwtypes.MetricAlarm) string { return *a.AlarmName })
	return readParallel(ctx, r.fanout, refs, func(ctx context.Context, ref cloud.Ref) outcome {
		k := regionID{ref.Region, ref.ID}
		if err := failed[k]; err != nil {
			return failedWith(err)
		}
		a, ok := found[k]
		if !ok {
			return notFound
		}
		var tags *cloudwatch.ListTagsForResourceOutput
		if err := r.call(ctx, "cloudwatch", func() (err error) {
			tags, err = r.client(ref.Region).ListTagsForResource(ctx, &cloudwatch.ListTagsForResourceInput{ResourceARN: a.AlarmArn})
			return err
		}); err != nil {
			return failedWith(err)
		}
		attrs := alarmAttrs(a)
		attrs["tags"] = tagMap(tags.Tags, func(t cwtypes.Tag) (string, string) { return awssdk.ToString(t.Key), awssdk.ToString(t.Value) })
		return foundAs(attrs)
	})
}

// list pages through the region's metric alarms.
func (r alarmReader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	alarms, err := r.describe(ctx, region, nil)
	if err != nil {
		return nil, err
	}
	out := make([]cloud.Resource, 0, len(alarms))
	for _, a := range alarms {
		out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: *a.AlarmName, Region: region}, Attrs: alarmAttrs(a)})
	}
	return out, nil
}
