package aws

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/driftfix/driftfix/cloud"
)

// RDS clusters and DB subnet groups, read by the RDS reader beside its
// instances. A cluster's ID is its identifier in every provider version;
// clusters are read with DescribeDBClusters, batched into db-cluster-id
// filters of 100 (their tags come with them). A subnet group's ID is its
// name; it is read with DescribeDBSubnetGroups by name (the call takes no
// filter) and ListTagsForResource. The sweeps page through
// DescribeDBClusters and DescribeDBSubnetGroups; they leave out the
// DocumentDB and Neptune clusters the same call answers (other Terraform
// types) and the "default" subnet group AWS makes.
const (
	typeRDSCluster    = "aws_rds_cluster"
	typeDBSubnetGroup = "aws_db_subnet_group"
)

func init() {
	types[typeRDSCluster] = typeInfo{service: "rds", actions: []string{"rds:DescribeDBClusters"}}
	types[typeDBSubnetGroup] = typeInfo{service: "rds", actions: []string{"rds:DescribeDBSubnetGroups", "rds:ListTagsForResource"}}
}

// get reads the refs of each RDS type.
func (r rdsReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	byType := map[string][]cloud.Ref{}
	for _, ref := range refs {
		byType[ref.Type] = append(byType[ref.Type], ref)
	}
	var mu sync.Mutex
	var out cloud.GetResult
	var wg sync.WaitGroup
	for typ, rs := range byType {
		wg.Go(func() {
			var res cloud.GetResult
			switch typ {
			case typeRDSCluster:
				res = r.getClusters(ctx, rs)
			case typeDBSubnetGroup:
				res = readParallel(ctx, r.fanout, rs, r.subnetGroup)
			default:
				res = r.getInstances(ctx, rs)
			}
			mu.Lock()
			defer mu.Unlock()
			out = merge(out, res)
		})
	}
	wg.Wait()
	return out
}

// list sweeps one RDS type of a region.
func (r rdsReader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	switch typ {
	case typeRDSCluster:
		return r.listClusters(ctx, region)
	case typeDBSubnetGroup:
		return r.listSubnetGroups(ctx, region)
	}
	return r.listInstances(ctx, typ, region)
}

// otherClusterEngine: DescribeDBClusters also answers DocumentDB and
// Neptune clusters, which are aws_docdb_cluster and aws_neptune_cluster.
func otherClusterEngine(engine string) bool { return engine == "docdb" || engine == "neptune" }

func (r rdsReader) describeClusters(ctx context.Context, region string, filters []rdstypes.Filter) ([]rdstypes.DBCluster, error) {
	p := rds.NewDescribeDBClustersPaginator(r.client(region), &rds.DescribeDBClustersInput{Filters: filters, MaxRecords: awssdk.Int32(rdsMaxRecords)})
	var out []rdstypes.DBCluster
	for p.HasMorePages() {
		var page *rds.DescribeDBClustersOutput
		if err := r.call(ctx, "rds", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, c := range page.DBClusters {
			if awssdk.ToString(c.DBClusterIdentifier) == "" {
				return nil, missingField("DescribeDBClusters", "a cluster's DBClusterIdentifier")
			}
			if slices.ContainsFunc(c.TagList, func(t rdstypes.Tag) bool { return t.Key == nil }) {
				return nil, missingField("DescribeDBClusters", "a tag's Key")
			}
		}
		out = append(out, page.DBClusters...)
	}
	return out, nil
}

// getClusters reads clusters by identifier, batched into db-cluster-id
// filters; a ref a complete answer does not list is missing.
func (r rdsReader) getClusters(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	found, failed := describeByID(ctx, r.fanout, rdsFilterValues, refs, strings.ToLower, func(ctx context.Context, region string, ids []string) ([]rdstypes.DBCluster, error) {
		return r.describeClusters(ctx, region, []rdstypes.Filter{{Name: awssdk.String("db-cluster-id"), Values: ids}})
	}, func(c rdstypes.DBCluster) string { return strings.ToLower(awssdk.ToString(c.DBClusterIdentifier)) })
	return readEach(refs, func(ref cloud.Ref) outcome {
		k := regionID{ref.Region, strings.ToLower(ref.ID)}
		if err := failed[k]; err != nil {
			return failedWith(err)
		}
		c, ok := found[k]
		if !ok {
			return notFound
		}
		return foundAs(clusterAttrs(c))
	})
}

// clusterAttrs are aws_rds_cluster's attributes. The engine version is
// engine_version_actual: the provider keeps what the configuration asked
// for in engine_version ("8.0" for 8.0.mysql_aurora.3.05.2).
func clusterAttrs(c rdstypes.DBCluster) map[string]any {
	id := awssdk.ToString(c.DBClusterIdentifier)
	groups := make([]any, 0, len(c.VpcSecurityGroups))
	for _, g := range c.VpcSecurityGroups {
		groups = append(groups, awssdk.ToString(g.VpcSecurityGroupId))
	}
	return map[string]any{
		"id":                                  id,
		"cluster_identifier":                  id,
		"arn":                                 awssdk.ToString(c.DBClusterArn),
		"cluster_resource_id":                 awssdk.ToString(c.DbClusterResourceId),
		"engine":                              awssdk.ToString(c.Engine),
		"engine_version_actual":               awssdk.ToString(c.EngineVersion),
		"storage_encrypted":                   awssdk.ToBool(c.StorageEncrypted),
		"kms_key_id":                          awssdk.ToString(c.KmsKeyId),
		"deletion_protection":                 awssdk.ToBool(c.DeletionProtection),
		"backup_retention_period":             float64(awssdk.ToInt32(c.BackupRetentionPeriod)),
		"iam_database_authentication_enabled": awssdk.ToBool(c.IAMDatabaseAuthenticationEnabled),
		"db_subnet_group_name":                awssdk.ToString(c.DBSubnetGroup),
		"vpc_security_group_ids":              groups,
		"tags":                                rdsTags(c.TagList),
	}
}

func (r rdsReader) listClusters(ctx context.Context, region string) ([]cloud.Resource, error) {
	clusters, err := r.describeClusters(ctx, region, nil)
	if err != nil {
		return nil, err
	}
	var out []cloud.Resource
	for _, c := range clusters {
		if otherClusterEngine(awssdk.ToString(c.Engine)) {
			continue
		}
		id := awssdk.ToString(c.DBClusterIdentifier)
		out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typeRDSCluster, ID: id, Region: region}, Attrs: map[string]any{
			"id": id, "cluster_identifier": id, "arn": awssdk.ToString(c.DBClusterArn), "engine": awssdk.ToString(c.Engine), "tags": rdsTags(c.TagList)}})
	}
	return out, nil
}

// subnetGroupAttrs are aws_db_subnet_group's attributes but tags.
func subnetGroupAttrs(g rdstypes.DBSubnetGroup) map[string]any {
	name := awssdk.ToString(g.DBSubnetGroupName)
	subnets := make([]any, 0, len(g.Subnets))
	for _, s := range g.Subnets {
		subnets = append(subnets, awssdk.ToString(s.SubnetIdentifier))
	}
	return map[string]any{
		"id":          name,
		"name":        name,
		"arn":         awssdk.ToString(g.DBSubnetGroupArn),
		"description": awssdk.ToString(g.DBSubnetGroupDescription),
		"subnet_ids":  subnets,
		"vpc_id":      awssdk.ToString(g.VpcId),
	}
}

func validSubnetGroup(g rdstypes.DBSubnetGroup) error {
	if awssdk.ToString(g.DBSubnetGroupName) == "" || awssdk.ToString(g.DBSubnetGroupArn) == "" {
		return missingField("DescribeDBSubnetGroups", "a group's DBSubnetGroupName or DBSubnetGroupArn")
	}
	return nil
}

// subnetGroup reads one subnet group by name, and its tags.
func (r rdsReader) subnetGroup(ctx context.Context, ref cloud.Ref) outcome {
	c := r.client(ref.Region)
	name := strings.ToLower(ref.ID)
	var out *rds.DescribeDBSubnetGroupsOutput
	err := r.call(ctx, "rds", func() (err error) {
		out, err = c.DescribeDBSubnetGroups(ctx, &rds.DescribeDBSubnetGroupsInput{DBSubnetGroupName: &name})
		return err
	})
	var nf *rdstypes.DBSubnetGroupNotFoundFault
	if errors.As(err, &nf) {
		return notFound
	}
	if err != nil {
		return failedWith(err)
	}
	for _, g := range out.DBSubnetGroups {
		if err := validSubnetGroup(g); err != nil {
			return failedWith(err)
		}
		if !strings.EqualFold(awssdk.ToString(g.DBSubnetGroupName), name) {
			continue
		}
		attrs := subnetGroupAttrs(g)
		var tags *rds.ListTagsForResourceOutput
		err := r.call(ctx, "rds", func() (err error) {
			tags, err = c.ListTagsForResource(ctx, &rds.ListTagsForResourceInput{ResourceName: g.DBSubnetGroupArn})
			return err
		})
		if errors.As(err, &nf) {
			return notFound
		}
		if err != nil {
			return failedWith(err)
		}
		if slices.ContainsFunc(tags.TagList, func(t rdstypes.Tag) bool { return t.Key == nil }) {
			return failedWith(missingField("ListTagsForResource", "a tag's Key"))
		}
		attrs["tags"] = rdsTags(tags.TagList)
		return foundAs(attrs)
	}
	// A well-formed answer to a lookup by name without the group.
	return notFound
}

func (r rdsReader) listSubnetGroups(ctx context.Context, region string) ([]cloud.Resource, error) {
	p := rds.NewDescribeDBSubnetGroupsPaginator(r.client(region), &rds.DescribeDBSubnetGroupsInput{MaxRecords: awssdk.Int32(rdsMaxRecords)})
	var out []cloud.Resource
	for p.HasMorePages() {
		var page *rds.DescribeDBSubnetGroupsOutput
		if err := r.call(ctx, "rds", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, g := range page.DBSubnetGroups {
			if err := validSubnetGroup(g); err != nil {
				return nil, err
			}
			// AWS makes "default" (of the default VPC); no Terraform
			// resource can own that name.
			if awssdk.ToString(g.DBSubnetGroupName) == "default" {
				continue
			}
			attrs := subnetGroupAttrs(g)
			out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typeDBSubnetGroup, ID: attrs["name"].(string), Region: region}, Attrs: attrs})
		}
	}
	return out, nil
}
