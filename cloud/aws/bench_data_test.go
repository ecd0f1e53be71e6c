package aws

import (
	"fmt"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"golang.org/x/sync/errgroup"
)

// BenchmarkSweepData sweeps 10,000 resources of the data and messaging
// types read from moto (2,500 topics with a subscription each, 1,000
// queues, 2,000 tables; 1,000 repositories, 500 of them with a policy;
// 250 clusters and 250 subnet groups) through the fault proxy with 20 ms of latency on
// each call, and reports the calls made against the minimum the APIs'
// pagination needs at AWS's page sizes (ListTopics and ListSubscriptions
// 100, ListQueues 1,000, ListTables 100, DescribeRepositories 1,000 shared
// by both ECR types, DescribeDBClusters and DescribeDBSubnetGroups 100)
// plus one GetRepositoryPolicy per repository: no list call answers a
// repository's policy. Targets: under 15 s, at most 1.2× the minimum
// calls. Moto differs from AWS: ListQueues answers at most 1,000 queues
// and no NextToken (AWS pages on), hence 1,000 queues; and it answers DescribeRepositories,
// DescribeDBClusters and DescribeDBSubnetGroups in one page whatever the
// size asked for, so the calls can come out below the minimum. Building
// the estate in moto is not timed.
func BenchmarkSweepData(b *testing.B) {
	url, cfg := motoBench(b)
	s := awssdk.String
	swept := []string{typeSNSTopic, typeSNSSubscription, typeSQSQueue, typeDynamoDBTable, typeECRRepository, typeECRPolicy, typeRDSCluster, typeDBSubnetGroup}
	const (
		topics, queues, tables = 2500, 1000, 2000
		repos, policies        = 1000, 500
		clusters, groups       = 250, 250
		n                      = topics*2 + queues + tables + repos + policies + clusters + groups
	)
	sn, sq, db := sns.NewFromConfig(cfg), sqs.NewFromConfig(cfg), dynamodb.NewFromConfig(cfg)
	ec, rc := ecr.NewFromConfig(cfg), rds.NewFromConfig(cfg)
	subnets, err := ec2.NewFromConfig(cfg).DescribeSubnets(b.Context(), &ec2.DescribeSubnetsInput{})
	if err != nil || len(subnets.Subnets) < 2 {
		b.Fatalf("DescribeSubnets: %v", err)
	}
	subnetIDs := []string{awssdk.ToString(subnets.Subnets[0].SubnetId), awssdk.ToString(subnets.Subnets[1].SubnetId)}
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"ecr:BatchGetImage"}]}`
	g, ctx := errgroup.WithContext(b.Context())
	g.SetLimit(8)
	for i := range topics {
		g.Go(func() error {
			if i < queues {
				if _, err := sq.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: s(fmt.Sprint("q", i))}); err != nil {
					return err
				}
			}
			if i < tables {
				if _, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: s(fmt.Sprint("tb", i)), BillingMode: ddbtypes.BillingModePayPerRequest,
					AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: s("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
					KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: s("pk"), KeyType: ddbtypes.KeyTypeHash}}}); err != nil {
					return err
				}
			}
			t, err := sn.CreateTopic(ctx, &sns.CreateTopicInput{Name: s(fmt.Sprint("t", i))})
			if err != nil {
				return err
			}
			_, err = sn.Subscribe(ctx, &sns.SubscribeInput{TopicArn: t.TopicArn, Protocol: s("sqs"),
				Endpoint: s(fmt.Sprintf("arn:aws:sqs:%s:123456789012:q%d", motoRegion, i%queues))})
			return err
		})
	}
	for i := range repos {
		g.Go(func() error {
			name := fmt.Sprint("r", i)
			if _, err := ec.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: &name}); err != nil {
				return err
			}
			if i < policies {
				_, err := ec.SetRepositoryPolicy(ctx, &ecr.SetRepositoryPolicyInput{RepositoryName: &name, PolicyText: &policy})
				return err
			}
			return nil
		})
	}
	for i := range clusters {
		g.Go(func() error {
			if _, err := rc.CreateDBSubnetGroup(ctx, &rds.CreateDBSubnetGroupInput{DBSubnetGroupName: s(fmt.Sprint("g", i)),
				DBSubnetGroupDescription: s("g"), SubnetIds: subnetIDs}); err != nil {
				return err
			}
			_, err := rc.CreateDBCluster(ctx, &rds.CreateDBClusterInput{DBClusterIdentifier: s(fmt.Sprint("c", i)), Engine: s("aurora-postgresql"),
				MasterUsername: s("app"), MasterUserPassword: s("not-a-secret-1")})
			return err
		})
	}
	if err := g.Wait(); err != nil {
		b.Fatalf("build the estate in moto: %v", err)
	}
	minimum := pages(topics, 100) + pages(topics, 100) + pages(queues, sqsMaxResults) + pages(tables, dynamoMaxTables) +
		pages(repos, ecrMaxResults) + repos + pages(clusters, rdsMaxRecords) + pages(groups, rdsMaxRecords)
	benchMoto(b, url, sweepBench{types: swept, want: n, minimum: minimum})
}
