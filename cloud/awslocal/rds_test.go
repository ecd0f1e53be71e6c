package awslocal

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"
)

func TestRDSDescribePaginates(t *testing.T) {
	seed := testSeed(t)
	for i := range 43 {
		seed.DBInstances = append(seed.DBInstances, DBInstance{Identifier: fmt.Sprintf("bulk-%02d", i), Engine: "postgres", InstanceClass: "db.t3.micro"})
	}
	e := newEnv(t, seed, Options{})
	var ids []string
	pages := 0
	p := rds.NewDescribeDBInstancesPaginator(e.rds(), &rds.DescribeDBInstancesInput{MaxRecords: aws.Int32(20)})
	for p.HasMorePages() {
		out, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, d := range out.DBInstances {
			ids = append(ids, aws.ToString(d.DBInstanceIdentifier))
		}
	}
	if len(ids) != 45 || pages != 3 {
		t.Fatalf("%d instances in %d pages", len(ids), pages)
	}
	_, err := e.rds().DescribeDBInstances(t.Context(), &rds.DescribeDBInstancesInput{MaxRecords: aws.Int32(5)})
	wantCode(t, err, "InvalidParameterValue")
}

func TestRDSInstance(t *testing.T) {
	e := newEnv(t, testSeed(t), Options{})
	ctx := t.Context()
	c := e.rds()
	out, err := c.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String("orders")})
	if err != nil {
		t.Fatal(err)
	}
	d := out.DBInstances[0]
	if aws.ToString(d.Engine) != "postgres" || aws.ToString(d.DBInstanceClass) != "db.t3.micro" || !aws.ToBool(d.StorageEncrypted) ||
		aws.ToBool(d.PubliclyAccessible) || !aws.ToBool(d.DeletionProtection) || aws.ToInt32(d.BackupRetentionPeriod) != 7 ||
		aws.ToString(d.DBInstanceArn) != "arn:aws:rds:us-east-1:111122223333:db:orders" || len(aws.ToString(d.DbiResourceId)) != 29 ||
		len(d.TagList) != 1 || aws.ToString(d.TagList[0].Value) != "prod" {
		t.Fatalf("instance = %+v", d)
	}
	byFilter, err := c.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{Filters: []types.Filter{{Name: aws.String("db-instance-id"), Values: []string{"orders", "ghost", "legacy"}}}})
	if err != nil || len(byFilter.DBInstances) != 2 {
		t.Fatalf("db-instance-id filter: %+v %v", byFilter, err)
	}
	byResource, err := c.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{Filters: []types.Filter{{Name: aws.String("dbi-resource-id"), Values: []string{aws.ToString(d.DbiResourceId)}}}})
	if err != nil || len(byResource.DBInstances) != 1 {
		t.Fatalf("dbi-resource-id filter: %+v %v", byResource, err)
	}

	var nf *types.DBInstanceNotFoundFault
	_, err = c.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String("ghost")})
	if !errors.As(err, &nf) {
		t.Fatalf("missing instance: %v, want DBInstanceNotFoundFault", err)
	}

	mod, err := c.ModifyDBInstance(ctx, &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("legacy"), DeletionProtection: aws.Bool(true), BackupRetentionPeriod: aws.Int32(14), PubliclyAccessible: aws.Bool(false), ApplyImmediately: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	if m := mod.DBInstance; !aws.ToBool(m.DeletionProtection) || aws.ToInt32(m.BackupRetentionPeriod) != 14 || aws.ToBool(m.PubliclyAccessible) {
		t.Fatalf("modified = %+v", m)
	}
	_, err = c.ModifyDBInstance(ctx, &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("ghost"), DeletionProtection: aws.Bool(true)})
	if !errors.As(err, &nf) {
		t.Fatalf("modify missing: %v", err)
	}
}
