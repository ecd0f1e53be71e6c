package aws

import (
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// The bucket companions against moto: ACL, ownership controls,
// lifecycle, CORS, notification and replication configured with the SDK,
// state as provider v5 keeps them (the ACL's ID with its canned ACL,
// "bucket,private"; the lifecycle's with expected_bucket_owner,
// "bucket,account"). No drift on the untouched bucket; then a grant to
// everyone, ownership handed back to writers, a lifecycle shortened and a
// CORS origin opened are changes, a notification and a replication
// removed are deleted, and nothing else.
func TestS3CompanionDriftAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, typeS3Bucket, typeS3ACL, typeS3Ownership, typeS3Lifecycle, typeS3CORS, typeS3Notify, typeS3Replication)
	ctx := t.Context()
	c := s3.NewFromConfig(e.cfg, func(o *s3.Options) { o.UsePathStyle = true })
	s := awssdk.String
	const bucket, replica = "acme-data", "acme-replica"
	for _, b := range []string{bucket, replica} {
		ok(t, "CreateBucket "+b)(c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: s(b)}))
		ok(t, "PutBucketVersioning "+b)(c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: s(b),
			VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}))
	}
	b := s(bucket)
	ok(t, "PutBucketOwnershipControls")(c.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{Bucket: b,
		OwnershipControls: &s3types.OwnershipControls{Rules: []s3types.OwnershipControlsRule{{ObjectOwnership: s3types.ObjectOwnershipBucketOwnerPreferred}}}}))
	lifecycle := func(days int32) *s3types.BucketLifecycleConfiguration {
		return &s3types.BucketLifecycleConfiguration{Rules: []s3types.LifecycleRule{{ID: s("logs"), Status: s3types.ExpirationStatusEnabled,
			Filter:     &s3types.LifecycleRuleFilter{Prefix: s("logs/")},
			Expiration: &s3types.LifecycleExpiration{Days: awssdk.Int32(days)}}}}
	}
	ok(t, "PutBucketLifecycleConfiguration")(c.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: b, LifecycleConfiguration: lifecycle(30)}))
	cors := func(origins ...string) *s3types.CORSConfiguration {
		return &s3types.CORSConfiguration{CORSRules: []s3types.CORSRule{{ID: s("app"), AllowedMethods: []string{"GET", "HEAD"}, AllowedOrigins: origins, MaxAgeSeconds: awssdk.Int32(300)}}}
	}
	ok(t, "PutBucketCors")(c.PutBucketCors(ctx, &s3.PutBucketCorsInput{Bucket: b, CORSConfiguration: cors("https://app.example.com")}))
	queueARN := "arn:aws:sqs:us-east-1:123456789012:uploads"
	ok(t, "PutBucketNotificationConfiguration")(c.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{Bucket: b,
		NotificationConfiguration: &s3types.NotificationConfiguration{QueueConfigurations: []s3types.QueueConfiguration{{Id: s("uploads"), QueueArn: &queueARN,
			Events: []s3types.Event{"s3:ObjectCreated:*"}}}}}))
	roleARN := "arn:aws:iam::123456789012:role/replication"
	ok(t, "PutBucketReplication")(c.PutBucketReplication(ctx, &s3.PutBucketReplicationInput{Bucket: b, ReplicationConfiguration: &s3types.ReplicationConfiguration{
		Role: &roleARN, Rules: []s3types.ReplicationRule{{ID: s("all"), Status: s3types.ReplicationRuleStatusEnabled, Priority: awssdk.Int32(1),
			Filter: &s3types.ReplicationRuleFilter{Prefix: s("")}, DeleteMarkerReplication: &s3types.DeleteMarkerReplication{Status: s3types.DeleteMarkerReplicationStatusDisabled},
			Destination: &s3types.Destination{Bucket: s("arn:aws:s3:::" + replica)}}}}}))
	acl, err := c.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: b})
	if err != nil {
		t.Fatal(err)
	}
	owner := awssdk.ToString(acl.Owner.ID)

	for _, name := range []string{bucket, replica} {
		e.add("aws_s3_bucket."+name[5:], name, map[string]any{"bucket": name, "arn": "arn:aws:s3:::" + name, "tags": map[string]any{}})
	}
	grant := func(typ, id, uri, perm string) map[string]any {
		return map[string]any{"permission": perm, "grantee": []any{map[string]any{"type": typ, "id": id, "uri": uri, "email_address": "", "display_name": ""}}}
	}
	e.add("aws_s3_bucket_acl.data", bucket+",private", map[string]any{"bucket": bucket, "acl": "private", "expected_bucket_owner": "",
		"access_control_policy": []any{map[string]any{"grant": []any{grant("CanonicalUser", owner, "", "FULL_CONTROL")},
			"owner": []any{map[string]any{"id": owner, "display_name": ""}}}}})
	e.add("aws_s3_bucket_ownership_controls.data", bucket, map[string]any{"bucket": bucket, "rule": []any{map[string]any{"object_ownership": "BucketOwnerPreferred"}}})
	e.add("aws_s3_bucket_lifecycle_configuration.data", bucket+",123456789012", map[string]any{"bucket": bucket, "expected_bucket_owner": "123456789012",
		"rule": []any{map[string]any{"id": "logs", "status": "Enabled", "prefix": "", "filter": []any{map[string]any{"prefix": "logs/", "and": []any{}, "tag": []any{},
			"object_size_greater_than": "", "object_size_less_than": ""}},
			"expiration": []any{map[string]any{"days": 30.0, "date": "", "expired_object_delete_marker": false}}, "transition": []any{},
			"noncurrent_version_expiration": []any{}, "noncurrent_version_transition": []any{}, "abort_incomplete_multipart_upload": []any{}}}})
	e.add("aws_s3_bucket_cors_configuration.data", bucket, map[string]any{"bucket": bucket, "cors_rule": []any{map[string]any{"id": "app",
		"allowed_methods": []any{"HEAD", "GET"}, "allowed_origins": []any{"https://app.example.com"}, "allowed_headers": []any{}, "expose_headers": []any{},
		"max_age_seconds": 300.0}}})
	e.add("aws_s3_bucket_notification.data", bucket, map[string]any{"bucket": bucket, "eventbridge": false, "topic": []any{}, "lambda_function": []any{},
		"queue": []any{map[string]any{"id": "uploads", "queue_arn": queueARN, "events": []any{"s3:ObjectCreated:*"}, "filter_prefix": "", "filter_suffix": ""}}})
	e.add("aws_s3_bucket_replication_configuration.data", bucket, map[string]any{"bucket": bucket, "role": roleARN, "rule": []any{map[string]any{
		"id": "all", "status": "Enabled", "priority": 1.0, "destination": []any{map[string]any{"bucket": "arn:aws:s3:::" + replica, "storage_class": "", "account": ""}},
		"delete_marker_replication": []any{map[string]any{"status": "Disabled"}}}}})

	e.expect("right after creation")
	e.checkActions()

	ok(t, "PutBucketAcl public-read")(c.PutBucketAcl(ctx, &s3.PutBucketAclInput{Bucket: b, ACL: s3types.BucketCannedACLPublicRead}))
	ok(t, "PutBucketOwnershipControls writer")(c.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{Bucket: b,
		OwnershipControls: &s3types.OwnershipControls{Rules: []s3types.OwnershipControlsRule{{ObjectOwnership: s3types.ObjectOwnershipObjectWriter}}}}))
	ok(t, "PutBucketLifecycleConfiguration 1 day")(c.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: b, LifecycleConfiguration: lifecycle(1)}))
	ok(t, "PutBucketCors *")(c.PutBucketCors(ctx, &s3.PutBucketCorsInput{Bucket: b, CORSConfiguration: cors("*")}))
	ok(t, "PutBucketNotificationConfiguration empty")(c.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{Bucket: b,
		NotificationConfiguration: &s3types.NotificationConfiguration{}}))
	ok(t, "DeleteBucketReplication")(c.DeleteBucketReplication(ctx, &s3.DeleteBucketReplicationInput{Bucket: b}))
	e.expect("after the changes",
		"changed aws_s3_bucket_acl aws_s3_bucket_acl.data access_control_policy[0].grant[0]=map[grantee:[map[id: type:Group uri:http://acs.amazonaws.com/groups/global/AllUsers]] permission:READ]",
		"changed aws_s3_bucket_cors_configuration aws_s3_bucket_cors_configuration.data cors_rule[0].allowed_origins[0]=*",
		"changed aws_s3_bucket_lifecycle_configuration aws_s3_bucket_lifecycle_configuration.data rule[0].expiration[0].days=1",
		"changed aws_s3_bucket_ownership_controls aws_s3_bucket_ownership_controls.data rule[0].object_ownership=ObjectWriter",
		"deleted aws_s3_bucket_notification aws_s3_bucket_notification.data",
		"deleted aws_s3_bucket_replication_configuration aws_s3_bucket_replication_configuration.data",
	)
}
