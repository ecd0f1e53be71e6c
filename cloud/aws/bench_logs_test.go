package aws

import (
	"context"
	"fmt"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3ctypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"golang.org/x/sync/errgroup"
)

// countPages pages through p and counts the pages.
func countPages[O any, Opt any](p interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(Opt)) (O, error)
}) (int, error) {
	n := 0
	for p.HasMorePages() {
		if _, err := p.NextPage(context.Background()); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// BenchmarkSweepLogs sweeps 10,000 resources of the secrets and logging
// family read from moto (3,000 secrets, 1,000 SSM parameters, 3,000 log
// groups, 2,994 metric alarms, 5 trails, the account's public access
// block) through the fault proxy with 20 ms of latency on each call, and
// reports the calls made against the minimum the endpoint's pagination
// needs at the reader's page sizes (ListSecrets 100 a page,
// DescribeParameters 50, DescribeLogGroups 50, DescribeAlarms 100; one
// ListTrails, GetCallerIdentity and GetPublicAccessBlock), counted by
// paging each list once directly. Targets: under 15 s, at most 1.2× the
// minimum calls. Building the estate in moto is not timed.
//
// Moto differs from AWS: DescribeParameters answers 10 parameters a page
// whatever MaxResults asks (AWS: up to 50), and reads every parameter for
// each page; DescribeAlarms answers every alarm in one page (AWS: 100).
// So the parameters' share is smaller than the others' (at 2,500 of each
// type, moto's 250 parameter pages alone take 15-18 s here), and the
// minimum is counted from moto's pages rather than from AWS's sizes.
func BenchmarkSweepLogs(b *testing.B) {
	url, cfg := motoBench(b)
	const n, per, params, trails = 10000, 3000, 1000, 5
	alarms := n - 2*per - params - trails - 1
	s := awssdk.String
	sm, sc, lc := secretsmanager.NewFromConfig(cfg), ssm.NewFromConfig(cfg), cloudwatchlogs.NewFromConfig(cfg)
	cw := cloudwatch.NewFromConfig(cfg, cloudwatchJSON)
	g, ctx := errgroup.WithContext(b.Context())
	g.SetLimit(8)
	for i := range per {
		g.Go(func() error {
			if _, err := sm.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: s(fmt.Sprintf("app/%05d", i)), SecretString: s("x")}); err != nil {
				return err
			}
			if i < params {
				if _, err := sc.PutParameter(ctx, &ssm.PutParameterInput{Name: s(fmt.Sprintf("/app/%05d", i)), Type: ssmtypes.ParameterTypeString, Value: s("x")}); err != nil {
					return err
				}
			}
			_, err := lc.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: s(fmt.Sprintf("/app/%05d", i))})
			return err
		})
	}
	for i := range alarms {
		g.Go(func() error {
			_, err := cw.PutMetricAlarm(ctx, alarmInput(fmt.Sprintf("alarm-%05d", i), 80))
			return err
		})
	}
	if err := g.Wait(); err != nil {
		b.Fatalf("build the estate in moto: %v", err)
	}
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := s3c.CreateBucket(b.Context(), &s3.CreateBucketInput{Bucket: s("trail-logs")}); err != nil {
		b.Fatal(err)
	}
	ct := cloudtrail.NewFromConfig(cfg)
	for i := range trails {
		if _, err := ct.CreateTrail(b.Context(), &cloudtrail.CreateTrailInput{Name: s(fmt.Sprint("trail-", i)), S3BucketName: s("trail-logs")}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := s3control.NewFromConfig(cfg, func(o *s3control.Options) { o.EndpointResolverV2 = noAccountHost{o.EndpointResolverV2} }).PutPublicAccessBlock(b.Context(),
		&s3control.PutPublicAccessBlockInput{AccountId: s(motoAccountID), PublicAccessBlockConfiguration: &s3ctypes.PublicAccessBlockConfiguration{BlockPublicAcls: awssdk.Bool(true)}}); err != nil {
		b.Fatal(err)
	}
	minimum := 1 + 2 // ListTrails; GetCallerIdentity and GetPublicAccessBlock
	for what, count := range map[string]func() (int, error){
		"secrets": func() (int, error) {
			return countPages(secretsmanager.NewListSecretsPaginator(sm, &secretsmanager.ListSecretsInput{MaxResults: awssdk.Int32(secretsMaxResults)}))
		},
		"parameters": func() (int, error) {
			return countPages(ssm.NewDescribeParametersPaginator(sc, &ssm.DescribeParametersInput{MaxResults: awssdk.Int32(ssmMaxResults)}))
		},
		"log groups": func() (int, error) {
			return countPages(cloudwatchlogs.NewDescribeLogGroupsPaginator(lc, &cloudwatchlogs.DescribeLogGroupsInput{Limit: awssdk.Int32(logsMaxGroups)}))
		},
		"alarms": func() (int, error) {
			return countPages(cloudwatch.NewDescribeAlarmsPaginator(cw, &cloudwatch.DescribeAlarmsInput{MaxRecords: awssdk.Int32(alarmsMax)}))
		},
	} {
		p, err := count()
		if err != nil {
			b.Fatalf("count the pages of %s: %v", what, err)
		}
		minimum += p
	}
	benchMoto(b, url, sweepBench{types: logsTypes, want: n, minimum: minimum})
}
