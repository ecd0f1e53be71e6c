package aws

import (
	"context"
	"errors"
	"sync"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"golang.org/x/sync/errgroup"

	"github.com/driftfix/driftfix/cloud"
)

// DynamoDB tables; a table's ID is its name in every provider version. A
// table is read with DescribeTable, and three more calls for what it does
// not answer: DescribeContinuousBackups (point-in-time recovery),
// DescribeTimeToLive (ttl) and ListTagsOfResource (tags). The sweep pages
// through ListTables.
const typeDynamoDBTable = "aws_dynamodb_table"

func init() {
	types[typeDynamoDBTable] = typeInfo{service: "dynamodb", actions: []string{"dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups",
		"dynamodb:DescribeTimeToLive", "dynamodb:ListTagsOfResource", "dynamodb:ListTables"}}
	readers["dynamodb"] = func(r *Reader) reader { return dynamoReader{r} }
}

// dynamoAPI is what the reader calls on DynamoDB.
type dynamoAPI interface {
	ListTables(context.Context, *dynamodb.ListTablesInput, ...func(*dynamodb.Options)) (*dynamodb.ListTablesOutput, error)
	DescribeTable(context.Context, *dynamodb.DescribeTableInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
	DescribeContinuousBackups(context.Context, *dynamodb.DescribeContinuousBackupsInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeContinuousBackupsOutput, error)
	DescribeTimeToLive(context.Context, *dynamodb.DescribeTimeToLiveInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeTimeToLiveOutput, error)
	ListTagsOfResource(context.Context, *dynamodb.ListTagsOfResourceInput, ...func(*dynamodb.Options)) (*dynamodb.ListTagsOfResourceOutput, error)
}

const dynamoMaxTables = 100 // the largest page ListTables allows

type dynamoReader struct{ *Reader }

func (r dynamoReader) client(region string) dynamoAPI {
	return client(r.Reader, "dynamodb", region, func(cfg awssdk.Config) dynamoAPI { return dynamodb.NewFromConfig(cfg) })
}

func tableGone(err error) bool {
	var nf *ddbtypes.ResourceNotFoundException
	var tnf *ddbtypes.TableNotFoundException
	return errors.As(err, &nf) || errors.As(err, &tnf)
}

func (r dynamoReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	return readParallel(ctx, r.fanout, refs, func(ctx context.Context, ref cloud.Ref) outcome {
		attrs, err := r.table(ctx, ref)
		switch {
		case tableGone(err):
			return notFound
		case err != nil:
			return failedWith(err)
		case attrs == nil:
			return notFound
		}
		return foundAs(attrs)
	})
}

// table reads one table; nil when it is being deleted (Terraform waits for
// that and takes it as gone).
func (r dynamoReader) table(ctx context.Context, ref cloud.Ref) (map[string]any, error) {
	c := r.client(ref.Region)
	var desc *dynamodb.DescribeTableOutput
	if err := r.call(ctx, "dynamodb", func() (err error) {
		desc, err = c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &ref.ID})
		return err
	}); err != nil {
		return nil, err
	}
	t := desc.Table
	switch {
	case t == nil:
		return nil, missingField("DescribeTable", "the Table")
	case awssdk.ToString(t.TableName) == "" || awssdk.ToString(t.TableArn) == "":
		return nil, missingField("DescribeTable", "the table's TableName or TableArn")
	case t.TableStatus == "":
		return nil, missingField("DescribeTable", "the table's TableStatus")
	}
	if t.TableStatus == ddbtypes.TableStatusDeleting {
		return nil, nil
	}
	attrs := tableAttrs(t)
	arn := awssdk.ToString(t.TableArn)
	var mu sync.Mutex
	set := func(k string, v any) { mu.Lock(); defer mu.Unlock(); attrs[k] = v }
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		var out *dynamodb.DescribeContinuousBackupsOutput
		if err := r.call(gctx, "dynamodb", func() (err error) {
			out, err = c.DescribeContinuousBackups(gctx, &dynamodb.DescribeContinuousBackupsInput{TableName: &ref.ID})
			return err
		}); err != nil {
			return err
		}
		d := out.ContinuousBackupsDescription
		if d == nil {
			return missingField("DescribeContinuousBackups", "the ContinuousBackupsDescription")
		}
		enabled := d.PointInTimeRecoveryDescription != nil && d.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus == ddbtypes.PointInTimeRecoveryStatusEnabled
		set("point_in_time_recovery", []any{map[string]any{"enabled": enabled}})
		return nil
	})
	g.Go(func() error {
		var out *dynamodb.DescribeTimeToLiveOutput
		if err := r.call(gctx, "dynamodb", func() (err error) {
			out, err = c.DescribeTimeToLive(gctx, &dynamodb.DescribeTimeToLiveInput{TableName: &ref.ID})
			return err
		}); err != nil {
			return err
		}
		d := out.TimeToLiveDescription
		if d == nil {
			return missingField("DescribeTimeToLive", "the TimeToLiveDescription")
		}
		// As the provider keeps it: enabled only when ENABLED (ENABLING
		// and DISABLING are on their way).
		set("ttl", []any{map[string]any{"attribute_name": awssdk.ToString(d.AttributeName), "enabled": d.TimeToLiveStatus == ddbtypes.TimeToLiveStatusEnabled}})
		return nil
	})
	g.Go(func() error {
		tags := map[string]any{}
		var token *string
		for {
			var out *dynamodb.ListTagsOfResourceOutput
			if err := r.call(gctx, "dynamodb", func() (err error) {
				out, err = c.ListTagsOfResource(gctx, &dynamodb.ListTagsOfResourceInput{ResourceArn: &arn, NextToken: token})
				return err
			}); err != nil {
				return err
			}
			for _, t := range out.Tags {
				if t.Key == nil {
					return missingField("ListTagsOfResource", "a tag's Key")
				}
				tags[*t.Key] = awssdk.ToString(t.Value)
			}
			if token = out.NextToken; token == nil {
				break
			}
		}
		set("tags", tags)
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return attrs, nil
}

// tableAttrs are the attributes of aws_dynamodb_table that DescribeTable
// answers, as the provider keeps them: billing_mode PROVISIONED and
// table_class STANDARD when DynamoDB does not say, capacities 0 for
// on-demand tables, server_side_encryption empty for AWS owned keys.
func tableAttrs(t *ddbtypes.TableDescription) map[string]any {
	name := awssdk.ToString(t.TableName)
	attrs := map[string]any{
		"id":                          name,
		"name":                        name,
		"arn":                         awssdk.ToString(t.TableArn),
		"billing_mode":                string(ddbtypes.BillingModeProvisioned),
		"hash_key":                    "",
		"range_key":                   "",
		"read_capacity":               float64(0),
		"write_capacity":              float64(0),
		"stream_enabled":              false,
		"stream_view_type":            "",
		"stream_arn":                  awssdk.ToString(t.LatestStreamArn),
		"deletion_protection_enabled": awssdk.ToBool(t.DeletionProtectionEnabled),
		"table_class":                 string(ddbtypes.TableClassStandard),
		"server_side_encryption":      []any{},
	}
	if t.BillingModeSummary != nil && t.BillingModeSummary.BillingMode != "" {
		attrs["billing_mode"] = string(t.BillingModeSummary.BillingMode)
	}
	for _, k := range t.KeySchema {
		switch k.KeyType {
		case ddbtypes.KeyTypeHash:
			attrs["hash_key"] = awssdk.ToString(k.AttributeName)
		case ddbtypes.KeyTypeRange:
			attrs["range_key"] = awssdk.ToString(k.AttributeName)
		}
	}
	if p := t.ProvisionedThroughput; p != nil {
		attrs["read_capacity"] = float64(awssdk.ToInt64(p.ReadCapacityUnits))
		attrs["write_capacity"] = float64(awssdk.ToInt64(p.WriteCapacityUnits))
	}
	defs := make([]any, 0, len(t.AttributeDefinitions))
	for _, a := range t.AttributeDefinitions {
		defs = append(defs, map[string]any{"name": awssdk.ToString(a.AttributeName), "type": string(a.AttributeType)})
	}
	attrs["attribute"] = defs
	if s := t.StreamSpecification; s != nil && awssdk.ToBool(s.StreamEnabled) {
		attrs["stream_enabled"] = true
		attrs["stream_view_type"] = string(s.StreamViewType)
	}
	if s := t.SSEDescription; s != nil {
		attrs["server_side_encryption"] = []any{map[string]any{"enabled": s.Status == ddbtypes.SSEStatusEnabled, "kms_key_arn": awssdk.ToString(s.KMSMasterKeyArn)}}
	}
	if c := t.TableClassSummary; c != nil && c.TableClass != "" {
		attrs["table_class"] = string(c.TableClass)
	}
	return attrs
}

// list sweeps the region's tables (names only: what ListTables returns).
func (r dynamoReader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	p := dynamodb.NewListTablesPaginator(r.client(region), &dynamodb.ListTablesInput{Limit: awssdk.Int32(dynamoMaxTables)})
	var out []cloud.Resource
	for p.HasMorePages() {
		var page *dynamodb.ListTablesOutput
		if err := r.call(ctx, "dynamodb", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, name := range page.TableNames {
			if name == "" {
				return nil, missingField("ListTables", "a table's name")
			}
			out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: name, Region: region}, Attrs: map[string]any{"id": name, "name": name}})
		}
	}
	return out, nil
}
