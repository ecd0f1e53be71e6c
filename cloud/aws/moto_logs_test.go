package aws

import (
	"slices"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3ctypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/driftfix/driftfix/iac/tfstate"
)

// logsTypes are the secrets and logging family.
var logsTypes = []string{typeSecret, typeSSMParameter, typeLogGroup, typeMetricAlarm, typeTrail, typeS3AccountPAB}

const motoAccountID = "123456789012"

// buildLogsEstate makes one resource of each type of the family in moto,
// plus one unmanaged of each swept type, and the state the provider (v5)
// writes for the managed ones. It returns the unmanaged ones' IDs.
func buildLogsEstate(t *testing.T, e *motoEstate) (stray map[string]string) {
	ctx := t.Context()
	s := awssdk.String
	stray = map[string]string{}

	sm := secretsmanager.NewFromConfig(e.cfg)
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
	sec, err := sm.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: s("db"), Description: s("db password"), SecretString: s("hunter2"),
		Tags: nil})
	if err != nil {
		t.Fatal(err)
	}
	ok(t, "PutResourcePolicy")(sm.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: sec.ARN, ResourcePolicy: &policy}))
	other, err := sm.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: s("by-hand"), SecretString: s("x")})
	if err != nil {
		t.Fatal(err)
	}
	stray[typeSecret] = *other.ARN
	e.add("aws_secretsmanager_secret.db", *sec.ARN, map[string]any{"arn": *sec.ARN, "name": "db", "description": "db password", "kms_key_id": "",
		"recovery_window_in_days": float64(30), "force_overwrite_replica_secret": false, "tags": map[string]any{},
		// As jsonencode writes it: a single action as a string, the
		// account ID for its root.
		"policy": `{"Statement":[{"Action":"secretsmanager:GetSecretValue","Effect":"Allow","Principal":{"AWS":"123456789012"},"Resource":"*"}],"Version":"2012-10-17"}`})

	sc := ssm.NewFromConfig(e.cfg)
	ok(t, "PutParameter")(sc.PutParameter(ctx, &ssm.PutParameterInput{Name: s("/app/db-password"), Type: ssmtypes.ParameterTypeSecureString, Value: s("hunter2"),
		Description: s("db"), Tags: []ssmtypes.Tag{{Key: s("team"), Value: s("app")}}}))
	ok(t, "PutParameter stray")(sc.PutParameter(ctx, &ssm.PutParameterInput{Name: s("/app/by-hand"), Type: ssmtypes.ParameterTypeString, Value: s("x")}))
	stray[typeSSMParameter] = "/app/by-hand"
	e.add("aws_ssm_parameter.db", "/app/db-password", map[string]any{"name": "/app/db-password", "type": "SecureString", "description": "db",
		"tier": "Standard", "data_type": "text", "allowed_pattern": "", "key_id": "alias/aws/ssm", "version": float64(1),
		"arn": "arn:aws:ssm:us-east-1:123456789012:parameter/app/db-password", "tags": map[string]any{"team": "app"}, "overwrite": nil})

	lc := cloudwatchlogs.NewFromConfig(e.cfg)
	ok(t, "CreateLogGroup")(lc.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: s("/app/api"), Tags: map[string]string{"team": "app"}}))
	ok(t, "PutRetentionPolicy")(lc.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: s("/app/api"), RetentionInDays: awssdk.Int32(30)}))
	ok(t, "CreateLogGroup prefixed")(lc.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: s("/app/api-v2")}))
	ok(t, "CreateLogGroup lambda")(lc.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: s("/aws/lambda/fn")}))
	stray[typeLogGroup] = "/app/api-v2"
	e.add("aws_cloudwatch_log_group.api", "/app/api", map[string]any{"name": "/app/api", "retention_in_days": float64(30), "kms_key_id": "",
		"log_group_class": "STANDARD", "skip_destroy": false, "arn": "arn:aws:logs:us-east-1:123456789012:log-group:/app/api", "tags": map[string]any{"team": "app"}})
	e.add("aws_cloudwatch_log_group.lambda", "/aws/lambda/fn", map[string]any{"name": "/aws/lambda/fn", "retention_in_days": float64(0), "tags": map[string]any{}})

	cw := cloudwatch.NewFromConfig(e.cfg, cloudwatchJSON)
	ok(t, "PutMetricAlarm")(cw.PutMetricAlarm(ctx, alarmInput("cpu-high", 80)))
	ok(t, "PutMetricAlarm stray")(cw.PutMetricAlarm(ctx, alarmInput("by-hand", 90)))
	stray[typeMetricAlarm] = "by-hand"
	e.add("aws_cloudwatch_metric_alarm.cpu", "cpu-high", map[string]any{"alarm_name": "cpu-high", "comparison_operator": "GreaterThanThreshold",
		"evaluation_periods": float64(2), "metric_name": "CPUUtilization", "namespace": "AWS/EC2", "period": float64(60), "statistic": "Average",
		"threshold": float64(80), "actions_enabled": true, "alarm_description": "", "datapoints_to_alarm": float64(0), "extended_statistic": "",
		"unit": "", "threshold_metric_id": "", "treat_missing_data": "missing", "arn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high",
		// A set in the provider: another order is no drift.
		"alarm_actions": []any{"arn:aws:sns:us-east-1:123456789012:pager", "arn:aws:sns:us-east-1:123456789012:ops"},
		"ok_actions":    []any{}, "insufficient_data_actions": []any{}, "dimensions": map[string]any{"InstanceId": "i-0123456789abcdef0"}, "tags": map[string]any{}})

	s3c := s3.NewFromConfig(e.cfg, func(o *s3.Options) { o.UsePathStyle = true })
	ok(t, "CreateBucket")(s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: s("trail-logs")}))
	ct := cloudtrail.NewFromConfig(e.cfg)
	trail, err := ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: s("main"), S3BucketName: s("trail-logs"), IsMultiRegionTrail: awssdk.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	ok(t, "StartLogging")(ct.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: s("main")}))
	strayTrail, err := ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: s("by-hand"), S3BucketName: s("trail-logs")})
	if err != nil {
		t.Fatal(err)
	}
	stray[typeTrail] = *strayTrail.TrailARN
	trailValues := map[string]any{"name": "main", "arn": *trail.TrailARN, "s3_bucket_name": "trail-logs", "s3_key_prefix": "", "is_multi_region_trail": true,
		"include_global_service_events": true, "enable_log_file_validation": false, "kms_key_id": "", "cloud_watch_logs_group_arn": "",
		"cloud_watch_logs_role_arn": "", "enable_logging": true, "sns_topic_name": "", "home_region": "us-east-1", "is_organization_trail": false,
		"tags": map[string]any{}, "event_selector": []any{}}
	e.add("aws_cloudtrail.main", *trail.TrailARN, trailValues)

	ok(t, "PutPublicAccessBlock")(s3control.NewFromConfig(e.cfg, func(o *s3control.Options) {
		o.EndpointResolverV2 = noAccountHost{o.EndpointResolverV2}
	}).PutPublicAccessBlock(ctx, &s3control.PutPublicAccessBlockInput{AccountId: s(motoAccountID),
		PublicAccessBlockConfiguration: &s3ctypes.PublicAccessBlockConfiguration{BlockPublicAcls: awssdk.Bool(true), BlockPublicPolicy: awssdk.Bool(true),
			IgnorePublicAcls: awssdk.Bool(true), RestrictPublicBuckets: awssdk.Bool(true)}}))
	e.add("aws_s3_account_public_access_block.this", motoAccountID, map[string]any{"account_id": motoAccountID, "block_public_acls": true,
		"block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true})
	return stray
}

func alarmInput(name string, threshold float64) *cloudwatch.PutMetricAlarmInput {
	s := awssdk.String
	return &cloudwatch.PutMetricAlarmInput{AlarmName: s(name), ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold,
		EvaluationPeriods: awssdk.Int32(2), MetricName: s("CPUUtilization"), Namespace: s("AWS/EC2"), Period: awssdk.Int32(60),
		Statistic: cwtypes.StatisticAverage, Threshold: &threshold, ActionsEnabled: awssdk.Bool(true),
		AlarmActions: []string{"arn:aws:sns:us-east-1:123456789012:ops", "arn:aws:sns:us-east-1:123456789012:pager"},
		Dimensions:   []cwtypes.Dimension{{Name: s("InstanceId"), Value: s("i-0123456789abcdef0")}}}
}

// The secrets and logging family against moto: no drift on the untouched
// estate (a secret's policy as jsonencode writes it, compared by meaning;
// alarm actions in another order); the unmanaged one of each swept type is
// found (a log group whose name the managed one prefixes among them, and
// Lambda's /aws/lambda/… groups are the account's like any other); each
// planted change is a change; each deletion a deletion (a secret
// scheduled for deletion is deleted); nothing else.
func TestLogsFamilyDriftAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, logsTypes...)
	if len(e.before) > 0 {
		t.Fatalf("the sweep of a fresh moto found %v; want nothing", e.before)
	}
	stray := buildLogsEstate(t, e)
	e.expect("right after creation",
		"unmanaged aws_cloudtrail "+stray[typeTrail],
		"unmanaged aws_cloudwatch_log_group "+stray[typeLogGroup],
		"unmanaged aws_cloudwatch_metric_alarm "+stray[typeMetricAlarm],
		"unmanaged aws_secretsmanager_secret "+stray[typeSecret],
		"unmanaged aws_ssm_parameter "+stray[typeSSMParameter],
	)
	e.checkActions()

	// Provider v4 kept the trail's name in id: the same estate, no
	// other drift.
	trail := &e.State[slices.IndexFunc(e.State, func(r tfstate.Resource) bool { return r.Type == typeTrail })]
	v5 := trail.ID
	trail.ID, trail.Values["id"] = "main", "main"
	e.expect("with the trail's v4 id",
		"unmanaged aws_cloudtrail "+stray[typeTrail],
		"unmanaged aws_cloudwatch_log_group "+stray[typeLogGroup],
		"unmanaged aws_cloudwatch_metric_alarm "+stray[typeMetricAlarm],
		"unmanaged aws_secretsmanager_secret "+stray[typeSecret],
		"unmanaged aws_ssm_parameter "+stray[typeSSMParameter],
	)
	trail.ID, trail.Values["id"] = v5, v5

	ctx := t.Context()
	s := awssdk.String
	secretARN := e.State[0].ID
	open := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
	sm := secretsmanager.NewFromConfig(e.cfg)
	ok(t, "PutResourcePolicy")(sm.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: &secretARN, ResourcePolicy: &open}))
	// A value changed by hand: the value is never read, its version is.
	sc := ssm.NewFromConfig(e.cfg)
	ok(t, "PutParameter overwrite")(sc.PutParameter(ctx, &ssm.PutParameterInput{Name: s("/app/db-password"), Type: ssmtypes.ParameterTypeSecureString,
		Value: s("changed"), Overwrite: awssdk.Bool(true), Description: s("db")}))
	lc := cloudwatchlogs.NewFromConfig(e.cfg)
	ok(t, "PutRetentionPolicy")(lc.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: s("/app/api"), RetentionInDays: awssdk.Int32(1)}))
	ok(t, "DeleteLogGroup")(lc.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: s("/aws/lambda/fn")}))
	cw := cloudwatch.NewFromConfig(e.cfg, cloudwatchJSON)
	// (Moto has no DisableAlarmActions: the alarm is put again, as the
	// console does on an edit.)
	edit := alarmInput("cpu-high", 95)
	edit.OKActions = []string{"arn:aws:sns:us-east-1:123456789012:ops"}
	ok(t, "PutMetricAlarm edit")(cw.PutMetricAlarm(ctx, edit))
	ct := cloudtrail.NewFromConfig(e.cfg)
	ok(t, "StopLogging")(ct.StopLogging(ctx, &cloudtrail.StopLoggingInput{Name: s("main")}))
	ok(t, "UpdateTrail")(ct.UpdateTrail(ctx, &cloudtrail.UpdateTrailInput{Name: s("main"), EnableLogFileValidation: awssdk.Bool(true)}))
	pab := s3control.NewFromConfig(e.cfg, func(o *s3control.Options) { o.EndpointResolverV2 = noAccountHost{o.EndpointResolverV2} })
	ok(t, "PutPublicAccessBlock")(pab.PutPublicAccessBlock(ctx, &s3control.PutPublicAccessBlockInput{AccountId: s(motoAccountID),
		PublicAccessBlockConfiguration: &s3ctypes.PublicAccessBlockConfiguration{BlockPublicAcls: awssdk.Bool(true), BlockPublicPolicy: awssdk.Bool(false),
			IgnorePublicAcls: awssdk.Bool(true), RestrictPublicBuckets: awssdk.Bool(true)}}))
	e.expect("after the changes",
		"changed aws_cloudtrail aws_cloudtrail.main enable_log_file_validation=true enable_logging=false",
		"changed aws_cloudwatch_log_group aws_cloudwatch_log_group.api retention_in_days=1",
		"changed aws_cloudwatch_metric_alarm aws_cloudwatch_metric_alarm.cpu ok_actions[0]=arn:aws:sns:us-east-1:123456789012:ops threshold=95",
		"changed aws_s3_account_public_access_block aws_s3_account_public_access_block.this block_public_policy=false",
		"changed aws_secretsmanager_secret aws_secretsmanager_secret.db policy="+open,
		"changed aws_ssm_parameter aws_ssm_parameter.db version=2",
		"deleted aws_cloudwatch_log_group aws_cloudwatch_log_group.lambda",
		"unmanaged aws_cloudtrail "+stray[typeTrail],
		"unmanaged aws_cloudwatch_log_group "+stray[typeLogGroup],
		"unmanaged aws_cloudwatch_metric_alarm "+stray[typeMetricAlarm],
		"unmanaged aws_secretsmanager_secret "+stray[typeSecret],
		"unmanaged aws_ssm_parameter "+stray[typeSSMParameter],
	)

	// Deletions; a secret scheduled for deletion is deleted.
	ok(t, "DeleteSecret")(sm.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: &secretARN, RecoveryWindowInDays: awssdk.Int64(7)}))
	ok(t, "DeleteParameter")(sc.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: s("/app/db-password")}))
	ok(t, "DeleteAlarms")(cw.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"cpu-high"}}))
	ok(t, "DeleteTrail")(ct.DeleteTrail(ctx, &cloudtrail.DeleteTrailInput{Name: s("main")}))
	ok(t, "DeletePublicAccessBlock")(pab.DeletePublicAccessBlock(ctx, &s3control.DeletePublicAccessBlockInput{AccountId: s(motoAccountID)}))
	e.expect("after the deletions",
		"changed aws_cloudwatch_log_group aws_cloudwatch_log_group.api retention_in_days=1",
		"deleted aws_cloudtrail aws_cloudtrail.main",
		"deleted aws_cloudwatch_log_group aws_cloudwatch_log_group.lambda",
		"deleted aws_cloudwatch_metric_alarm aws_cloudwatch_metric_alarm.cpu",
		"deleted aws_s3_account_public_access_block aws_s3_account_public_access_block.this",
		"deleted aws_secretsmanager_secret aws_secretsmanager_secret.db",
		"deleted aws_ssm_parameter aws_ssm_parameter.db",
		"unmanaged aws_cloudtrail "+stray[typeTrail],
		"unmanaged aws_cloudwatch_log_group "+stray[typeLogGroup],
		"unmanaged aws_cloudwatch_metric_alarm "+stray[typeMetricAlarm],
		"unmanaged aws_secretsmanager_secret "+stray[typeSecret],
		"unmanaged aws_ssm_parameter "+stray[typeSSMParameter],
	)
}
