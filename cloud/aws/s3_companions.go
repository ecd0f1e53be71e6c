package aws

import (
	"context"
	"regexp"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// More companions of a bucket: each is read with its one Get call when
// state has it, and is not swept (a companion has no identity apart from
// its bucket). The provider's ID is the bucket, or "bucket,account" with
// expected_bucket_owner; the ACL's may add ",<canned ACL>" (v4 to v6).
const (
	typeS3ACL         = "aws_s3_bucket_acl"
	typeS3Ownership   = "aws_s3_bucket_ownership_controls"
	typeS3Lifecycle   = "aws_s3_bucket_lifecycle_configuration"
	typeS3CORS        = "aws_s3_bucket_cors_configuration"
	typeS3Notify      = "aws_s3_bucket_notification"
	typeS3Replication = "aws_s3_bucket_replication_configuration"
)

func init() {
	for t, action := range map[string]string{
		typeS3ACL:         "s3:GetBucketAcl",
		typeS3Ownership:   "s3:GetBucketOwnershipControls",
		typeS3Lifecycle:   "s3:GetLifecycleConfiguration",
		typeS3CORS:        "s3:GetBucketCORS",
		typeS3Notify:      "s3:GetBucketNotification",
		typeS3Replication: "s3:GetReplicationConfiguration",
	} {
		types[t] = typeInfo{service: "s3", companion: true, actions: []string{action}}
	}
}

// s3CompanionAPI is what the reader calls on S3 for these companions.
type s3CompanionAPI interface {
	GetBucketAcl(context.Context, *s3.GetBucketAclInput, ...func(*s3.Options)) (*s3.GetBucketAclOutput, error)
	GetBucketOwnershipControls(context.Context, *s3.GetBucketOwnershipControlsInput, ...func(*s3.Options)) (*s3.GetBucketOwnershipControlsOutput, error)
	GetBucketLifecycleConfiguration(context.Context, *s3.GetBucketLifecycleConfigurationInput, ...func(*s3.Options)) (*s3.GetBucketLifecycleConfigurationOutput, error)
	GetBucketCors(context.Context, *s3.GetBucketCorsInput, ...func(*s3.Options)) (*s3.GetBucketCorsOutput, error)
	GetBucketNotificationConfiguration(context.Context, *s3.GetBucketNotificationConfigurationInput, ...func(*s3.Options)) (*s3.GetBucketNotificationConfigurationOutput, error)
	GetBucketReplication(context.Context, *s3.GetBucketReplicationInput, ...func(*s3.Options)) (*s3.GetBucketReplicationOutput, error)
}

var accountID = regexp.MustCompile(`^\d{12}$`)

// splitACLID splits an aws_s3_bucket_acl ID: "bucket", "bucket,account",
// "bucket,acl" or "bucket,account,acl".
func splitACLID(id string) (bucket, owner string) {
	parts := strings.Split(id, ",")
	if len(parts) > 1 && accountID.MatchString(parts[1]) {
		return parts[0], parts[1]
	}
	return parts[0], ""
}

// companion reads one of these companions into attrs; present is false
// when the bucket has no such configuration (the service's own answer).
func companion(ctx context.Context, c s3CompanionAPI, typ string, b, expected *string, attrs map[string]any) (present bool, err error) {
	switch typ {
	case typeS3ACL:
		out, err := c.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: b, ExpectedBucketOwner: expected})
		if err != nil {
			return false, err
		}
		if out.Owner == nil {
			return false, missingField("GetBucketAcl", "an Owner")
		}
		grants := []any{}
		for _, g := range out.Grants {
			if g.Grantee == nil || g.Permission == "" {
				return false, missingField("GetBucketAcl", "a grant's Grantee and Permission")
			}
			grants = append(grants, map[string]any{"permission": string(g.Permission), "grantee": []any{map[string]any{
				"type": string(g.Grantee.Type), "id": awssdk.ToString(g.Grantee.ID), "uri": awssdk.ToString(g.Grantee.URI)}}})
		}
		attrs["access_control_policy"] = []any{map[string]any{"grant": grants,
			"owner": []any{map[string]any{"id": awssdk.ToString(out.Owner.ID)}}}}
	case typeS3Ownership:
		out, err := c.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: b, ExpectedBucketOwner: expected})
		if errorCode(err) == "OwnershipControlsNotFoundError" {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if out.OwnershipControls == nil {
			return false, missingField("GetBucketOwnershipControls", "OwnershipControls")
		}
		rules := []any{}
		for _, r := range out.OwnershipControls.Rules {
			rules = append(rules, map[string]any{"object_ownership": string(r.ObjectOwnership)})
		}
		attrs["rule"] = rules
	case typeS3Lifecycle:
		out, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: b, ExpectedBucketOwner: expected})
		if errorCode(err) == "NoSuchLifecycleConfiguration" {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		rules := []any{}
		for _, r := range out.Rules {
			if r.Status == "" {
				return false, missingField("GetBucketLifecycleConfiguration", "a rule's Status")
			}
			rules = append(rules, lifecycleRule(r))
		}
		attrs["rule"] = rules
	case typeS3CORS:
		out, err := c.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: b, ExpectedBucketOwner: expected})
		if errorCode(err) == "NoSuchCORSConfiguration" {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		rules := []any{}
		for _, r := range out.CORSRules {
			rules = append(rules, map[string]any{"id": awssdk.ToString(r.ID), "allowed_headers": strings2any(r.AllowedHeaders),
				"allowed_methods": strings2any(r.AllowedMethods), "allowed_origins": strings2any(r.AllowedOrigins),
				"expose_headers": strings2any(r.ExposeHeaders), "max_age_seconds": float64(awssdk.ToInt32(r.MaxAgeSeconds))})
		}
		attrs["cors_rule"] = rules
	case typeS3Notify:
		out, err := c.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: b, ExpectedBucketOwner: expected})
		if err != nil {
			return false, err
		}
		// A bucket always has a notification configuration; an empty one
		// is no aws_s3_bucket_notification.
		if len(out.TopicConfigurations)+len(out.QueueConfigurations)+len(out.LambdaFunctionConfigurations) == 0 && out.EventBridgeConfiguration == nil {
			return false, nil
		}
		topics, queues, lambdas := []any{}, []any{}, []any{}
		for _, x := range out.TopicConfigurations {
			topics = append(topics, notification("topic_arn", x.TopicArn, x.Id, x.Events, x.Filter))
		}
		for _, x := range out.QueueConfigurations {
			queues = append(queues, notification("queue_arn", x.QueueArn, x.Id, x.Events, x.Filter))
		}
		for _, x := range out.LambdaFunctionConfigurations {
			lambdas = append(lambdas, notification("lambda_function_arn", x.LambdaFunctionArn, x.Id, x.Events, x.Filter))
		}
		attrs["topic"], attrs["queue"], attrs["lambda_function"] = topics, queues, lambdas
		attrs["eventbridge"] = out.EventBridgeConfiguration != nil
	case typeS3Replication:
		out, err := c.GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: b})
		if errorCode(err) == "ReplicationConfigurationNotFoundError" {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if out.ReplicationConfiguration == nil {
			return false, missingField("GetBucketReplication", "a ReplicationConfiguration")
		}
		rules := []any{}
		for _, r := range out.ReplicationConfiguration.Rules {
			rule := map[string]any{"id": awssdk.ToString(r.ID), "status": string(r.Status), "priority": float64(awssdk.ToInt32(r.Priority))}
			if d := r.Destination; d != nil {
				rule["destination"] = []any{map[string]any{"bucket": awssdk.ToString(d.Bucket), "storage_class": string(d.StorageClass),
					"account": awssdk.ToString(d.Account)}}
			}
			if r.DeleteMarkerReplication != nil {
				rule["delete_marker_replication"] = []any{map[string]any{"status": string(r.DeleteMarkerReplication.Status)}}
			}
			rules = append(rules, rule)
		}
		attrs["role"] = awssdk.ToString(out.ReplicationConfiguration.Role)
		attrs["rule"] = rules
	}
	return true, nil
}

// lifecycleRule is a rule block of aws_s3_bucket_lifecycle_configuration:
// what the rule does (expirations, transitions, aborted uploads) and the
// prefix it filters on.
func lifecycleRule(r s3types.LifecycleRule) map[string]any {
	rule := map[string]any{"id": awssdk.ToString(r.ID), "status": string(r.Status)}
	if e := r.Expiration; e != nil {
		exp := map[string]any{"days": float64(awssdk.ToInt32(e.Days)), "expired_object_delete_marker": awssdk.ToBool(e.ExpiredObjectDeleteMarker)}
		if e.Date != nil {
			exp["date"] = rfc3339(e.Date)
		}
		rule["expiration"] = []any{exp}
	}
	transitions := []any{}
	for _, x := range r.Transitions {
		t := map[string]any{"days": float64(awssdk.ToInt32(x.Days)), "storage_class": string(x.StorageClass)}
		if x.Date != nil {
			t["date"] = rfc3339(x.Date)
		}
		transitions = append(transitions, t)
	}
	rule["transition"] = transitions
	if n := r.NoncurrentVersionExpiration; n != nil {
		rule["noncurrent_version_expiration"] = []any{map[string]any{"noncurrent_days": float64(awssdk.ToInt32(n.NoncurrentDays))}}
	}
	if a := r.AbortIncompleteMultipartUpload; a != nil {
		rule["abort_incomplete_multipart_upload"] = []any{map[string]any{"days_after_initiation": float64(awssdk.ToInt32(a.DaysAfterInitiation))}}
	}
	if f := r.Filter; f != nil && f.Prefix != nil {
		rule["filter"] = []any{map[string]any{"prefix": awssdk.ToString(f.Prefix)}}
	}
	return rule
}

// notification is a topic, queue or lambda_function block of
// aws_s3_bucket_notification.
func notification(arnAttr string, arn, id *string, events []s3types.Event, filter *s3types.NotificationConfigurationFilter) map[string]any {
	var evs []string
	for _, e := range events {
		evs = append(evs, string(e))
	}
	prefix, suffix := "", ""
	if filter != nil && filter.Key != nil {
		for _, r := range filter.Key.FilterRules {
			switch strings.ToLower(string(r.Name)) {
			case "prefix":
				prefix = awssdk.ToString(r.Value)
			case "suffix":
				suffix = awssdk.ToString(r.Value)
			}
		}
	}
	return map[string]any{arnAttr: awssdk.ToString(arn), "id": awssdk.ToString(id), "events": strings2any(evs),
		"filter_prefix": prefix, "filter_suffix": suffix}
}
