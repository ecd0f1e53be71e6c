package aws

import (
	"context"
	"regexp"
	"slices"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/driftfix/driftfix/cloud"
)

const typeDBInstance = "aws_db_instance"

// rdsAPI is what the reader calls on RDS.
type rdsAPI interface {
	DescribeDBInstances(context.Context, *rds.DescribeDBInstancesInput, ...func(*rds.Options)) (*rds.DescribeDBInstancesOutput, error)
	DescribeDBClusters(context.Context, *rds.DescribeDBClustersInput, ...func(*rds.Options)) (*rds.DescribeDBClustersOutput, error)
	DescribeDBSubnetGroups(context.Context, *rds.DescribeDBSubnetGroupsInput, ...func(*rds.Options)) (*rds.DescribeDBSubnetGroupsOutput, error)
	ListTagsForResource(context.Context, *rds.ListTagsForResourceInput, ...func(*rds.Options)) (*rds.ListTagsForResourceOutput, error)
}

const (
	rdsMaxRecords   = 100 // the largest page RDS allows
	rdsFilterValues = 100 // IDs per filter
)

// resourceIDPattern matches a DBI resource ID (db-…), the ID provider v5+
// keeps in state; anything else is a DB identifier.
var resourceIDPattern = regexp.MustCompile(`^db-[A-Z0-9]{26}$`)

type rdsReader struct{ *Reader }

func (r rdsReader) client(region string) rdsAPI {
	return client(r.Reader, "rds", region, func(cfg awssdk.Config) rdsAPI { return rds.NewFromConfig(cfg) })
}

func (r rdsReader) describe(ctx context.Context, c rdsAPI, filters []rdstypes.Filter) ([]rdstypes.DBInstance, error) {
	p := rds.NewDescribeDBInstancesPaginator(c, &rds.DescribeDBInstancesInput{Filters: filters, MaxRecords: awssdk.Int32(rdsMaxRecords)})
	var out []rdstypes.DBInstance
	for p.HasMorePages() {
		var page *rds.DescribeDBInstancesOutput
		if err := r.call(ctx, "rds", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, d := range page.DBInstances {
			if awssdk.ToString(d.DBInstanceIdentifier) == "" {
				return nil, missingField("DescribeDBInstances", "an instance's DBInstanceIdentifier")
			}
			if awssdk.ToString(d.DbiResourceId) == "" {
				return nil, missingField("DescribeDBInstances", "the DbiResourceId of "+awssdk.ToString(d.DBInstanceIdentifier))
			}
			if slices.ContainsFunc(d.TagList, func(t rdstypes.Tag) bool { return t.Key == nil }) {
				return nil, missingField("DescribeDBInstances", "a tag's Key")
			}
		}
		out = append(out, page.DBInstances...)
	}
	return out, nil
}

// getInstances reads instances by identifier or by DBI resource ID, batched into
// db-instance-id and dbi-resource-id filters. The refs of a batch whose
// describe failed fail with it; a ref a complete answer does not list is
// missing.
func (r rdsReader) getInstances(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	type batch struct {
		region, filter string
		ids            []string
	}
	var batches []batch
	for region, rs := range groupByRegion(refs) {
		var names, resourceIDs []string
		for _, ref := range rs {
			if resourceIDPattern.MatchString(ref.ID) {
				resourceIDs = append(resourceIDs, ref.ID)
			} else {
				names = append(names, strings.ToLower(ref.ID))
			}
		}
		for _, ids := range chunks(names, rdsFilterValues) {
			batches = append(batches, batch{region, "db-instance-id", ids})
		}
		for _, ids := range chunks(resourceIDs, rdsFilterValues) {
			batches = append(batches, batch{region, "dbi-resource-id", ids})
		}
	}
	results, errs := describeEach(ctx, r.fanout, batches, func(ctx context.Context, b batch) ([]rdstypes.DBInstance, error) {
		return r.describe(ctx, r.client(b.region), []rdstypes.Filter{{Name: awssdk.String(b.filter), Values: b.ids}})
	})
	type key struct{ region, id string }
	index := map[key]rdstypes.DBInstance{}
	failed := map[key]error{}
	for i, res := range results {
		if errs[i] != nil {
			for _, id := range batches[i].ids {
				failed[key{batches[i].region, id}] = errs[i]
			}
			continue
		}
		for _, d := range res {
			index[key{batches[i].region, awssdk.ToString(d.DBInstanceIdentifier)}] = d
			index[key{batches[i].region, awssdk.ToString(d.DbiResourceId)}] = d
		}
	}
	return readEach(refs, func(ref cloud.Ref) outcome {
		id := ref.ID
		if !resourceIDPattern.MatchString(id) {
			id = strings.ToLower(id)
		}
		if err := failed[key{ref.Region, id}]; err != nil {
			return failedWith(err)
		}
		d, ok := index[key{ref.Region, id}]
		if !ok {
			return notFound
		}
		attrs := dbAttrs(d)
		if !resourceIDPattern.MatchString(ref.ID) {
			// Provider v4 keeps the identifier as id.
			attrs["id"] = awssdk.ToString(d.DBInstanceIdentifier)
		}
		return foundAs(attrs)
	})
}

// dbAttrs are aws_db_instance's attributes. Since provider v5 id is the
// DBI resource ID and identifier the DB identifier (get sets id to the
// identifier for a v4 state, which looks the instance up by it). The
// running version is engine_version_actual: the provider keeps in
// engine_version what the configuration asked for ("15" for 15.4), so
// comparing it with the running version would be drift on every minor
// upgrade AWS makes.
func dbAttrs(d rdstypes.DBInstance) map[string]any {
	return map[string]any{
		"id":                      awssdk.ToString(d.DbiResourceId),
		"identifier":              awssdk.ToString(d.DBInstanceIdentifier),
		"resource_id":             awssdk.ToString(d.DbiResourceId),
		"arn":                     awssdk.ToString(d.DBInstanceArn),
		"engine":                  awssdk.ToString(d.Engine),
		"engine_version_actual":   awssdk.ToString(d.EngineVersion),
		"instance_class":          awssdk.ToString(d.DBInstanceClass),
		"allocated_storage":       float64(awssdk.ToInt32(d.AllocatedStorage)),
		"storage_encrypted":       awssdk.ToBool(d.StorageEncrypted),
		"kms_key_id":              awssdk.ToString(d.KmsKeyId),
		"publicly_accessible":     awssdk.ToBool(d.PubliclyAccessible),
		"deletion_protection":     awssdk.ToBool(d.DeletionProtection),
		"backup_retention_period": float64(awssdk.ToInt32(d.BackupRetentionPeriod)),
		"multi_az":                awssdk.ToBool(d.MultiAZ),
		"tags":                    rdsTags(d.TagList),
	}
}

func rdsTags(tags []rdstypes.Tag) map[string]any {
	return tagMap(tags, func(t rdstypes.Tag) (string, string) { return awssdk.ToString(t.Key), awssdk.ToString(t.Value) })
}

// listInstances sweeps the region's instances. Aurora instances are left out: they
// belong to a cluster and Terraform manages them as aws_rds_cluster_instance.
func (r rdsReader) listInstances(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	dbs, err := r.describe(ctx, r.client(region), nil)
	if err != nil {
		return nil, err
	}
	var out []cloud.Resource
	for _, d := range dbs {
		if strings.HasPrefix(awssdk.ToString(d.Engine), "aurora") || d.DBClusterIdentifier != nil {
			continue
		}
		id := awssdk.ToString(d.DBInstanceIdentifier)
		out = append(out, cloud.Resource{
			Ref: cloud.Ref{Type: typ, ID: id, Region: region},
			Attrs: map[string]any{"id": awssdk.ToString(d.DbiResourceId), "identifier": id, "resource_id": awssdk.ToString(d.DbiResourceId),
				"arn": awssdk.ToString(d.DBInstanceArn), "tags": rdsTags(d.TagList)},
		})
	}
	return out, nil
}
