package aws

import (
	"context"
	"errors"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"

	"github.com/driftfix/driftfix/cloud"
)

// EKS clusters: read by name with DescribeCluster (EKS has no batch read),
// swept with ListClusters alone. The id is the name in every provider
// version. The instances of a managed node group are never unmanaged
// aws_instance (see launchedByGroup).
const typeEKSCluster = "aws_eks_cluster"

const eksMaxResults = 100

func init() {
	types[typeEKSCluster] = typeInfo{service: "eks", actions: []string{"eks:DescribeCluster", "eks:ListClusters"}}
	readers["eks"] = func(r *Reader) reader { return eksReader{r} }
}

// eksAPI is what the reader calls on EKS.
type eksAPI interface {
	DescribeCluster(context.Context, *eks.DescribeClusterInput, ...func(*eks.Options)) (*eks.DescribeClusterOutput, error)
	ListClusters(context.Context, *eks.ListClustersInput, ...func(*eks.Options)) (*eks.ListClustersOutput, error)
}

type eksReader struct{ *Reader }

func (r eksReader) client(region string) eksAPI {
	return client(r.Reader, "eks", region, func(cfg awssdk.Config) eksAPI { return eks.NewFromConfig(cfg) })
}

func (r eksReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	return readParallel(ctx, r.fanout, refs, func(ctx context.Context, ref cloud.Ref) outcome {
		c := r.client(ref.Region)
		var out *eks.DescribeClusterOutput
		err := r.call(ctx, "eks", func() (err error) {
			out, err = c.DescribeCluster(ctx, &eks.DescribeClusterInput{Name: awssdk.String(ref.ID)})
			return err
		})
		var nf *ekstypes.ResourceNotFoundException
		switch {
		case errors.As(err, &nf):
			return notFound
		case err != nil:
			return failedWith(err)
		case out.Cluster == nil || awssdk.ToString(out.Cluster.Name) == "":
			return failedWith(missingField("DescribeCluster", "the Cluster's Name"))
		case out.Cluster.Status == ekstypes.ClusterStatusDeleting:
			return notFound
		}
		return foundAs(eksAttrs(*out.Cluster))
	})
}

// eksAttrs are the provider's attributes of a cluster. vpc_config's
// security_group_ids are the groups given to the cluster; the group EKS
// makes is cluster_security_group_id.
func eksAttrs(c ekstypes.Cluster) map[string]any {
	vpc := []any{}
	if v := c.ResourcesVpcConfig; v != nil {
		vpc = []any{map[string]any{
			"endpoint_public_access":    v.EndpointPublicAccess,
			"endpoint_private_access":   v.EndpointPrivateAccess,
			"public_access_cidrs":       strings2any(v.PublicAccessCidrs),
			"subnet_ids":                strings2any(v.SubnetIds),
			"security_group_ids":        strings2any(v.SecurityGroupIds),
			"cluster_security_group_id": awssdk.ToString(v.ClusterSecurityGroupId),
			"vpc_id":                    awssdk.ToString(v.VpcId),
		}}
		// AWS always answers both; an answer without one says nothing of
		// it (moto has neither).
		for _, k := range []string{"vpc_id", "cluster_security_group_id"} {
			if vpc[0].(map[string]any)[k] == "" {
				delete(vpc[0].(map[string]any), k)
			}
		}
	}
	var logTypes []string
	if c.Logging != nil {
		for _, s := range c.Logging.ClusterLogging {
			if awssdk.ToBool(s.Enabled) {
				for _, t := range s.Types {
					logTypes = append(logTypes, string(t))
				}
			}
		}
	}
	enc := []any{}
	for _, e := range c.EncryptionConfig {
		provider := []any{}
		if e.Provider != nil {
			provider = []any{map[string]any{"key_arn": awssdk.ToString(e.Provider.KeyArn)}}
		}
		//lint:ignore SA1019 the provider still keeps encryption_config's resources
		enc = append(enc, map[string]any{"resources": strings2any(e.Resources), "provider": provider})
	}
	tags := map[string]any{}
	for k, v := range c.Tags {
		tags[k] = v
	}
	name := awssdk.ToString(c.Name)
	return map[string]any{
		"id":                        name,
		"name":                      name,
		"arn":                       awssdk.ToString(c.Arn),
		"version":                   awssdk.ToString(c.Version),
		"role_arn":                  awssdk.ToString(c.RoleArn),
		"vpc_config":                vpc,
		"enabled_cluster_log_types": strings2any(logTypes),
		"encryption_config":         enc,
		"tags":                      tags,
	}
}

// list sweeps the region's cluster names.
func (r eksReader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	p := eks.NewListClustersPaginator(r.client(region), &eks.ListClustersInput{MaxResults: awssdk.Int32(eksMaxResults)})
	names, err := paged(ctx, r.Reader, "eks", p, func(o *eks.ListClustersOutput) []string { return o.Clusters })
	if err != nil {
		return nil, err
	}
	var out []cloud.Resource
	for _, name := range names {
		if name == "" {
			return nil, missingField("ListClusters", "a cluster's name")
		}
		out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: name, Region: region}, Attrs: map[string]any{"id": name, "name": name}})
	}
	return out, nil
}
