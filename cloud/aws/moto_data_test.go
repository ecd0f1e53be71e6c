package aws

import (
	"errors"
	"slices"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/driftfix/driftfix/cloud"
)

func dataTypeNames() []string {
	return []string{typeSNSTopic, typeSNSTopicPolicy, typeSNSSubscription, typeSQSQueue, typeSQSQueuePolicy, typeDynamoDBTable,
		typeRDSCluster, typeDBSubnetGroup, typeECRRepository, typeECRPolicy}
}

const dataAccount = "123456789012"

// queuePolicy is an SQS or SNS policy letting principal send to resource,
// as the API keeps what it was given.
func sendPolicy(action, resource, principal string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"send","Effect":"Allow","Principal":{"AWS":"` + principal +
		`"},"Action":"` + action + `","Resource":"` + resource + `"}]}`
}

// jsonencoded is the same policy as Terraform's jsonencode writes it
// (sorted keys, one action as a list): equal by meaning.
func jsonencoded(action, resource, principal string) string {
	return `{"Statement":[{"Action":["` + action + `"],"Effect":"Allow","Principal":{"AWS":["` + principal + `"]},"Resource":"` + resource +
		`","Sid":"send"}],"Version":"2012-10-17"}`
}

// buildData makes the data and messaging estate in moto and its state
// as provider v5 writes it (v4 and v6 keep the same IDs for these types):
// topics "orders" (its policy inline) and "alerts" (its policy an
// aws_sns_topic_policy), a subscription of orders to the queue "jobs"
// (its policy inline), a queue "dlq" whose policy is an
// aws_sqs_queue_policy, a table "users" with point-in-time recovery and a
// TTL, a subnet group and an Aurora cluster in it, repositories "app"
// (with an aws_ecr_repository_policy) and "web" (none); and one unmanaged
// resource of each swept type: topic stray, queue stray, table stray,
// cluster stray, subnet group stray, repository stray (its policy is not
// reported on its own).
func buildData(t *testing.T, e *motoEstate) (subARN string) {
	t.Helper()
	ctx := t.Context()
	s := awssdk.String
	region, acct := motoRegion, dataAccount

	// SNS and SQS.
	sq := sqs.NewFromConfig(e.cfg)
	queue := func(name string, attrs map[string]string) string {
		out, err := sq.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: s(name), Attributes: attrs, Tags: map[string]string{"team": "data"}})
		if err != nil {
			t.Fatal(err)
		}
		return awssdk.ToString(out.QueueUrl)
	}
	jobsARN := "arn:aws:sqs:" + region + ":" + acct + ":jobs"
	dlqARN := "arn:aws:sqs:" + region + ":" + acct + ":dlq"
	jobs := queue("jobs", map[string]string{"VisibilityTimeout": "60", "Policy": sendPolicy("sqs:SendMessage", jobsARN, acct)})
	dlq := queue("dlq", map[string]string{"Policy": sendPolicy("sqs:SendMessage", dlqARN, acct)})
	queue("stray-queue", nil)

	sn := sns.NewFromConfig(e.cfg)
	topic := func(name string) string {
		out, err := sn.CreateTopic(ctx, &sns.CreateTopicInput{Name: s(name), Attributes: map[string]string{"DisplayName": name},
			Tags: []snstypes.Tag{{Key: s("team"), Value: s("data")}}})
		if err != nil {
			t.Fatal(err)
		}
		return awssdk.ToString(out.TopicArn)
	}
	orders, alerts := topic("orders"), topic("alerts")
	topic("stray-topic")
	ok(t, "SetTopicAttributes alerts")(sn.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: &alerts, AttributeName: s("Policy"),
		AttributeValue: s(sendPolicy("sns:Publish", alerts, acct))}))
	sub, err := sn.Subscribe(ctx, &sns.SubscribeInput{TopicArn: &orders, Protocol: s("sqs"), Endpoint: s(jobsARN), ReturnSubscriptionArn: true,
		Attributes: map[string]string{"FilterPolicy": `{"kind":["order"]}`}})
	if err != nil {
		t.Fatal(err)
	}
	subARN = awssdk.ToString(sub.SubscriptionArn)
	ordersAttrs, err := sn.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: &orders})
	if err != nil {
		t.Fatal(err)
	}

	// DynamoDB.
	db := dynamodb.NewFromConfig(e.cfg)
	table := func(name string) {
		_, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: s(name), BillingMode: ddbtypes.BillingModePayPerRequest,
			AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: s("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS},
				{AttributeName: s("sk"), AttributeType: ddbtypes.ScalarAttributeTypeN}},
			KeySchema: []ddbtypes.KeySchemaElement{{AttributeName: s("pk"), KeyType: ddbtypes.KeyTypeHash}, {AttributeName: s("sk"), KeyType: ddbtypes.KeyTypeRange}},
			Tags:      []ddbtypes.Tag{{Key: s("team"), Value: s("data")}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	table("users")
	table("stray-table")
	ok(t, "UpdateContinuousBackups")(db.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: s("users"),
		PointInTimeRecoverySpecification: &ddbtypes.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: awssdk.Bool(true)}}))
	ok(t, "UpdateTimeToLive")(db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: s("users"),
		TimeToLiveSpecification: &ddbtypes.TimeToLiveSpecification{AttributeName: s("expires"), Enabled: awssdk.Bool(true)}}))

	// RDS: a subnet group of two of moto's default subnets, and a cluster.
	subnets, err := ec2.NewFromConfig(e.cfg).DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{})
	if err != nil || len(subnets.Subnets) < 2 {
		t.Fatalf("DescribeSubnets: %v %d", err, len(subnets.Subnets))
	}
	subnetIDs := []string{awssdk.ToString(subnets.Subnets[0].SubnetId), awssdk.ToString(subnets.Subnets[1].SubnetId)}
	rc := rds.NewFromConfig(e.cfg)
	for _, name := range []string{"db", "stray-group"} {
		ok(t, "CreateDBSubnetGroup")(rc.CreateDBSubnetGroup(ctx, &rds.CreateDBSubnetGroupInput{DBSubnetGroupName: s(name), DBSubnetGroupDescription: s("app databases"),
			SubnetIds: subnetIDs, Tags: []rdstypes.Tag{{Key: s("team"), Value: s("data")}}}))
	}
	for _, name := range []string{"main", "stray-cluster"} {
		ok(t, "CreateDBCluster")(rc.CreateDBCluster(ctx, &rds.CreateDBClusterInput{DBClusterIdentifier: s(name), Engine: s("aurora-postgresql"),
			EngineVersion: s("15.4"), MasterUsername: s("app"), MasterUserPassword: s("not-a-secret-1"), DBSubnetGroupName: s("db"),
			StorageEncrypted: awssdk.Bool(true), BackupRetentionPeriod: awssdk.Int32(7), Tags: []rdstypes.Tag{{Key: s("team"), Value: s("data")}}}))
	}

	// ECR.
	ec := ecr.NewFromConfig(e.cfg)
	for _, name := range []string{"app", "web", "stray-repo"} {
		ok(t, "CreateRepository")(ec.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: s(name), ImageTagMutability: ecrtypes.ImageTagMutabilityMutable,
			ImageScanningConfiguration: &ecrtypes.ImageScanningConfiguration{ScanOnPush: true}, Tags: []ecrtypes.Tag{{Key: s("team"), Value: s("data")}}}))
	}
	pull := func(principal string) string {
		return `{"Version":"2012-10-17","Statement":[{"Sid":"pull","Effect":"Allow","Principal":{"AWS":"` + principal + `"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}`
	}
	ok(t, "SetRepositoryPolicy app")(ec.SetRepositoryPolicy(ctx, &ecr.SetRepositoryPolicyInput{RepositoryName: s("app"), PolicyText: s(pull("arn:aws:iam::" + acct + ":root"))}))
	ok(t, "SetRepositoryPolicy stray")(ec.SetRepositoryPolicy(ctx, &ecr.SetRepositoryPolicyInput{RepositoryName: s("stray-repo"), PolicyText: s(pull("*"))}))

	tags := map[string]any{"team": "data"}
	topicState := func(arn, name string, policy any) map[string]any {
		v := map[string]any{"arn": arn, "name": name, "display_name": name, "fifo_topic": false, "content_based_deduplication": false,
			"kms_master_key_id": "", "delivery_policy": "", "owner": acct, "tags": tags, "tags_all": tags, "signature_version": 0.0, "tracing_config": ""}
		if policy != nil {
			v["policy"] = policy
		}
		return v
	}
	// Terraform keeps the default policy SNS gave the topic.
	e.add("aws_sns_topic.orders", orders, topicState(orders, "orders", ordersAttrs.Attributes["Policy"]))
	e.add("aws_sns_topic.alerts", alerts, topicState(alerts, "alerts", sendPolicy("sns:Publish", alerts, acct)))
	e.add("aws_sns_topic_policy.alerts", alerts, map[string]any{"arn": alerts, "owner": acct, "policy": jsonencoded("sns:Publish", alerts, acct)})
	e.add("aws_sns_topic_subscription.jobs", subARN, map[string]any{"arn": subARN, "topic_arn": orders, "protocol": "sqs", "endpoint": jobsARN,
		"raw_message_delivery": false, "filter_policy": "{\n  \"kind\": [\n    \"order\"\n  ]\n}", "filter_policy_scope": "MessageAttributes",
		"owner_id": acct, "confirmation_timeout_in_minutes": 1.0, "endpoint_auto_confirms": false, "pending_confirmation": false})
	queueState := func(url, arn, name string, visibility float64, policy string) map[string]any {
		return map[string]any{"url": url, "arn": arn, "name": name, "name_prefix": "", "fifo_queue": false, "content_based_deduplication": false,
			"visibility_timeout_seconds": visibility, "message_retention_seconds": 345600.0, "max_message_size": 1048576.0, "delay_seconds": 0.0,
			"receive_wait_time_seconds": 0.0, "kms_master_key_id": "", "kms_data_key_reuse_period_seconds": 300.0, "sqs_managed_sse_enabled": true,
			"redrive_policy": "", "redrive_allow_policy": "", "policy": policy, "tags": tags, "tags_all": tags}
	}
	e.add("aws_sqs_queue.jobs", jobs, queueState(jobs, jobsARN, "jobs", 60, jsonencoded("sqs:SendMessage", jobsARN, acct)))
	e.add("aws_sqs_queue.dlq", dlq, queueState(dlq, dlqARN, "dlq", 30, sendPolicy("sqs:SendMessage", dlqARN, acct)))
	e.add("aws_sqs_queue_policy.dlq", dlq, map[string]any{"queue_url": dlq, "policy": jsonencoded("sqs:SendMessage", dlqARN, acct)})
	e.add("aws_dynamodb_table.users", "users", map[string]any{"name": "users", "arn": "arn:aws:dynamodb:" + region + ":" + acct + ":table/users",
		"billing_mode": "PAY_PER_REQUEST", "hash_key": "pk", "range_key": "sk", "read_capacity": 0.0, "write_capacity": 0.0,
		"attribute":              []any{map[string]any{"name": "sk", "type": "N"}, map[string]any{"name": "pk", "type": "S"}},
		"point_in_time_recovery": []any{map[string]any{"enabled": true}}, "ttl": []any{map[string]any{"attribute_name": "expires", "enabled": true}},
		"server_side_encryption": []any{}, "stream_enabled": false, "stream_view_type": "", "deletion_protection_enabled": false,
		"table_class": "STANDARD", "global_secondary_index": []any{}, "local_secondary_index": []any{}, "tags": tags, "tags_all": tags})
	e.add("aws_db_subnet_group.db", "db", map[string]any{"name": "db", "name_prefix": "", "description": "app databases",
		"arn": "arn:aws:rds:" + region + ":" + acct + ":subgrp:db", "subnet_ids": []any{subnetIDs[1], subnetIDs[0]}, "tags": tags, "tags_all": tags})
	e.add("aws_rds_cluster.main", "main", map[string]any{"cluster_identifier": "main", "engine": "aurora-postgresql", "engine_version": "15.4",
		"engine_version_actual": "15.4", "storage_encrypted": true, "deletion_protection": false, "backup_retention_period": 7.0,
		"iam_database_authentication_enabled": false, "db_subnet_group_name": "db", "master_username": "app", "tags": tags, "tags_all": tags,
		"arn": "arn:aws:rds:" + region + ":" + acct + ":cluster:main"})
	repoState := func(name string) map[string]any {
		return map[string]any{"name": name, "arn": "arn:aws:ecr:" + region + ":" + acct + ":repository/" + name, "registry_id": acct,
			"repository_url": acct + ".dkr.ecr." + region + ".amazonaws.com/" + name, "image_tag_mutability": "MUTABLE", "force_delete": false,
			"image_scanning_configuration": []any{map[string]any{"scan_on_push": true}},
			"encryption_configuration":     []any{map[string]any{"encryption_type": "AES256", "kms_key": ""}}, "tags": tags, "tags_all": tags}
	}
	e.add("aws_ecr_repository.app", "app", repoState("app"))
	e.add("aws_ecr_repository.web", "web", repoState("web"))
	e.add("aws_ecr_repository_policy.app", "app", map[string]any{"repository": "app", "registry_id": acct,
		// As jsonencode writes it, the account ID where ECR has its root.
		"policy": `{"Statement":[{"Action":["ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Effect":"Allow","Principal":{"AWS":"` + acct + `"},"Sid":"pull"}],"Version":"2012-10-17"}`})
	return subARN
}

// The data and messaging family against moto: no drift on the untouched
// estate (policies written as jsonencode writes them, the APIs answer
// their own form: compared by meaning; a topic's or queue's policy kept
// as its own resource is compared there, not on the topic or queue);
// every unmanaged resource once; then each change, deletion and
// unmanaged resource made by hand is found, and nothing else.
func TestDataDriftAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, dataTypeNames()...)
	if len(e.before) > 0 {
		t.Fatalf("the sweep of a fresh moto found %v; want nothing", e.before)
	}
	subARN := buildData(t, e)
	stray := func(typ, id string) string { return "unmanaged " + typ + " " + id }
	strays := []string{
		stray(typeDBSubnetGroup, "stray-group"),
		stray(typeDynamoDBTable, "stray-table"),
		stray(typeECRRepository, "stray-repo"),
		stray(typeRDSCluster, "stray-cluster"),
		stray(typeSNSTopic, "arn:aws:sns:us-east-1:123456789012:stray-topic"),
		stray(typeSQSQueue, e.URL+"/123456789012/stray-queue"),
	}
	e.expect("right after creation", strays...)
	e.checkActions()

	ctx := t.Context()
	s := awssdk.String
	acct := dataAccount
	sn, sq, db := sns.NewFromConfig(e.cfg), sqs.NewFromConfig(e.cfg), dynamodb.NewFromConfig(e.cfg)
	rc, ec := rds.NewFromConfig(e.cfg), ecr.NewFromConfig(e.cfg)
	orders, alerts := "arn:aws:sns:us-east-1:"+acct+":orders", "arn:aws:sns:us-east-1:"+acct+":alerts"
	jobs, dlq := e.URL+"/"+acct+"/jobs", e.URL+"/"+acct+"/dlq"
	dlqARN := "arn:aws:sqs:us-east-1:" + acct + ":dlq"
	open := sendPolicy("sns:Publish", alerts, "*")
	openQueue := sendPolicy("sqs:SendMessage", dlqARN, "*")
	ok(t, "SetTopicAttributes")(sn.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: &orders, AttributeName: s("DisplayName"), AttributeValue: s("Orders!")}))
	ok(t, "SetTopicAttributes policy")(sn.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: &alerts, AttributeName: s("Policy"), AttributeValue: &open}))
	ok(t, "SetSubscriptionAttributes")(sn.SetSubscriptionAttributes(ctx, &sns.SetSubscriptionAttributesInput{SubscriptionArn: &subARN,
		AttributeName: s("RawMessageDelivery"), AttributeValue: s("true")}))
	byHand, err := sn.Subscribe(ctx, &sns.SubscribeInput{TopicArn: &orders, Protocol: s("sqs"), Endpoint: &dlqARN, ReturnSubscriptionArn: true})
	if err != nil {
		t.Fatal(err)
	}
	ok(t, "Subscribe stray")(sn.Subscribe(ctx, &sns.SubscribeInput{TopicArn: s("arn:aws:sns:us-east-1:" + acct + ":stray-topic"), Protocol: s("sqs"), Endpoint: &dlqARN}))
	ok(t, "SetQueueAttributes")(sq.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: &jobs, Attributes: map[string]string{"VisibilityTimeout": "5"}}))
	ok(t, "SetQueueAttributes policy")(sq.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: &dlq, Attributes: map[string]string{"Policy": openQueue}}))
	ok(t, "UpdateContinuousBackups")(db.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: s("users"),
		PointInTimeRecoverySpecification: &ddbtypes.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: awssdk.Bool(false)}}))
	ok(t, "ModifyDBCluster")(rc.ModifyDBCluster(ctx, &rds.ModifyDBClusterInput{DBClusterIdentifier: s("main"), DeletionProtection: awssdk.Bool(true)}))
	// (Moto differs from AWS: its ModifyDBSubnetGroup drops the group, so
	// the group's change is a tag.)
	ok(t, "AddTagsToResource")(rc.AddTagsToResource(ctx, &rds.AddTagsToResourceInput{ResourceName: s("arn:aws:rds:us-east-1:" + acct + ":subgrp:db"),
		Tags: []rdstypes.Tag{{Key: s("team"), Value: s("ops")}}}))
	ok(t, "PutImageTagMutability")(ec.PutImageTagMutability(ctx, &ecr.PutImageTagMutabilityInput{RepositoryName: s("app"), ImageTagMutability: ecrtypes.ImageTagMutabilityImmutable}))
	ok(t, "SetRepositoryPolicy web")(ec.SetRepositoryPolicy(ctx, &ecr.SetRepositoryPolicyInput{RepositoryName: s("web"),
		PolicyText: s(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*"}]}`)}))
	// Moto differs from AWS twice here: its SetQueueAttributes drops a
	// queue's policy when the call does not set one (AWS keeps it), so
	// jobs' policy is gone too; and it answers a policy re-serialized
	// (", " and ": "), which is the same policy by meaning.
	live, err := sq.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: &dlq, AttributeNames: []sqstypes.QueueAttributeName{"Policy"}})
	if err != nil || !cloud.Equivalent("policy", live.Attributes["Policy"], openQueue) {
		t.Fatalf("moto's dlq policy %v is not the one set: %v", live, err)
	}
	openQueue = live.Attributes["Policy"]
	e.expect("after the changes", append([]string{
		"changed aws_db_subnet_group aws_db_subnet_group.db tags.team=ops",
		"changed aws_dynamodb_table aws_dynamodb_table.users point_in_time_recovery[0].enabled=false",
		"changed aws_ecr_repository aws_ecr_repository.app image_tag_mutability=IMMUTABLE",
		"changed aws_rds_cluster aws_rds_cluster.main deletion_protection=true",
		"changed aws_sns_topic aws_sns_topic.orders display_name=Orders!",
		"changed aws_sns_topic_policy aws_sns_topic_policy.alerts policy=" + open,
		"changed aws_sns_topic_subscription aws_sns_topic_subscription.jobs raw_message_delivery=true",
		"changed aws_sqs_queue aws_sqs_queue.jobs policy= visibility_timeout_seconds=5",
		"changed aws_sqs_queue_policy aws_sqs_queue_policy.dlq policy=" + openQueue,
	}, append(strays[:3:3], "unmanaged aws_ecr_repository_policy web", strays[3], strays[4],
		stray(typeSNSSubscription, awssdk.ToString(byHand.SubscriptionArn)), strays[5])...)...)

	ok(t, "Unsubscribe")(sn.Unsubscribe(ctx, &sns.UnsubscribeInput{SubscriptionArn: &subARN}))
	ok(t, "DeleteTopic")(sn.DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: &alerts}))
	ok(t, "DeleteQueue")(sq.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: &dlq}))
	ok(t, "DeleteTable")(db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: s("users")}))
	ok(t, "ModifyDBCluster")(rc.ModifyDBCluster(ctx, &rds.ModifyDBClusterInput{DBClusterIdentifier: s("main"), DeletionProtection: awssdk.Bool(false)}))
	ok(t, "DeleteDBCluster")(rc.DeleteDBCluster(ctx, &rds.DeleteDBClusterInput{DBClusterIdentifier: s("main"), SkipFinalSnapshot: awssdk.Bool(true)}))
	ok(t, "DeleteRepositoryPolicy")(ec.DeleteRepositoryPolicy(ctx, &ecr.DeleteRepositoryPolicyInput{RepositoryName: s("app")}))
	ok(t, "DeleteDBSubnetGroup")(rc.DeleteDBSubnetGroup(ctx, &rds.DeleteDBSubnetGroupInput{DBSubnetGroupName: s("db")}))
	e.expect("after the deletions", append([]string{
		"changed aws_ecr_repository aws_ecr_repository.app image_tag_mutability=IMMUTABLE",
		"changed aws_sns_topic aws_sns_topic.orders display_name=Orders!",
		"changed aws_sqs_queue aws_sqs_queue.jobs policy= visibility_timeout_seconds=5",
		"deleted aws_db_subnet_group aws_db_subnet_group.db",
		"deleted aws_dynamodb_table aws_dynamodb_table.users",
		"deleted aws_ecr_repository_policy aws_ecr_repository_policy.app",
		"deleted aws_rds_cluster aws_rds_cluster.main",
		"deleted aws_sns_topic aws_sns_topic.alerts",
		"deleted aws_sns_topic_policy aws_sns_topic_policy.alerts",
		"deleted aws_sns_topic_subscription aws_sns_topic_subscription.jobs",
		"deleted aws_sqs_queue aws_sqs_queue.dlq",
		"deleted aws_sqs_queue_policy aws_sqs_queue_policy.dlq",
	}, append(strays[:3:3], "unmanaged aws_ecr_repository_policy web", strays[3], strays[4],
		stray(typeSNSSubscription, awssdk.ToString(byHand.SubscriptionArn)), strays[5])...)...)
}

// addGone adds state resources whose objects do not exist: each is
// missing, by the service's own answer (an ECR batch naming one fails
// whole and is read name by name).
func addGone(e *motoEstate) {
	e.add("aws_sqs_queue.gone", e.URL+"/"+dataAccount+"/gone", map[string]any{"name": "gone"})
	e.add("aws_sns_topic.gone", "arn:aws:sns:us-east-1:"+dataAccount+":gone", map[string]any{"name": "gone"})
	e.add("aws_dynamodb_table.gone", "gone", map[string]any{"name": "gone"})
	e.add("aws_ecr_repository.gone", "gone", map[string]any{"name": "gone"})
	e.add("aws_db_subnet_group.gone", "gone", map[string]any{"name": "gone"})
	e.add("aws_rds_cluster.gone", "gone", map[string]any{"cluster_identifier": "gone"})
}

// The fault proxy in front of moto spoils a share of the calls of every
// data and messaging service (an empty 200, a truncated JSON or XML body,
// an HTML page, a 500, throttling, a reset, a stall): a spoiled read
// fails, and never becomes a change, a deletion or a partial sweep. Then
// RDS refuses every call (AccessDenied): the clusters and subnet groups
// fail, with an error that names the actions they need, and are neither
// deleted nor unmanaged; the other services are read as before.
func TestDataFaultsAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, dataTypeNames()...)
	buildData(t, e)
	addGone(e)
	e.checkFaults(6)

	r := e.deniedReader(t, "rds")
	rdsType := func(typ string) bool { return typ == typeRDSCluster || typ == typeDBSubnetGroup }
	got, err := r.Get(t.Context(), e.refs())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range got.Failed {
		var ad *AccessDeniedError
		if !rdsType(f.Type) || !errors.As(f.Err, &ad) || !slices.Equal(ad.Actions, types[f.Type].actions) {
			t.Errorf("%v failed with %v; only the RDS types fail, each with an AccessDeniedError naming its actions", f.Ref, f.Err)
		}
	}
	for _, x := range append(got.Missing, refsOf(got.Found)...) {
		if rdsType(x.Type) {
			t.Errorf("%v read (found or missing) from a denied service", x)
		}
	}
	if len(got.Failed) != 4 || len(got.Missing) != 4 {
		t.Errorf("%d failed, %d missing; want the 4 RDS resources failed and the 4 other gone ones missing", len(got.Failed), len(got.Missing))
	}
	swept, err := r.List(t.Context(), r.Types())
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, f := range swept.Failed {
		failed = append(failed, f.Type)
		if !strings.Contains(f.Err.Error(), types[f.Type].actions[0]) {
			t.Errorf("%s: the error does not name its actions: %v", f.Type, f.Err)
		}
	}
	if !slices.Equal(failed, []string{typeDBSubnetGroup, typeRDSCluster}) {
		t.Errorf("failed sweeps %v, want the subnet groups and clusters", failed)
	}
	for _, x := range swept.Resources {
		if rdsType(x.Type) {
			t.Errorf("%v listed from a denied service", x.Ref)
		}
	}
}

func refsOf(rs []cloud.Resource) []cloud.Ref {
	out := make([]cloud.Ref, len(rs))
	for i, x := range rs {
		out[i] = x.Ref
	}
	return out
}
