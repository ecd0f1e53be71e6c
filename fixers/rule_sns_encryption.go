package fixers

import (
	"fmt"

	"github.com/driftfix/driftfix/iac"
	"github.com/hashicorp/hcl/v2"
)

// snsEncryption: an SNS topic encrypts its messages at rest with KMS.
var snsEncryption = Rule{Meta: snsEncryptionMeta, Check: checkSNSEncryption}

// snsManagedKey is the key the fix writes: the AWS managed key for SNS,
// which exists in every account and needs no key policy.
const snsManagedKey = `"alias/aws/sns"`

var snsEncryptionMeta = Meta{
	ID:            "aws-sns-encryption",
	Title:         "SNS topic does not encrypt messages at rest",
	Severity:      Medium,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_sns_topic"},
	Touches: []Touch{
		{ResourceType: "aws_sns_topic", Paths: []string{"kms_master_key_id"}, Safe: SafeSet()},
	},
	Refs: Refs{Trivy: "AVD-AWS-0095", Tfsec: "aws-sns-enable-topic-encryption", Checkov: "CKV_AWS_26"},
}

// snsPublishers are the AWS services that publish to a topic through their
// own service principal. The key policy of the AWS managed key alias/aws/sns
// cannot be changed to let them use it, so encrypting a topic they publish
// to with that key silently stops their notifications: such a topic needs a
// customer managed key, which driftfix does not create.
var snsPublishers = []struct{ typ, block, attr string }{
	{"aws_cloudwatch_metric_alarm", "", "alarm_actions"},
	{"aws_cloudwatch_metric_alarm", "", "ok_actions"},
	{"aws_cloudwatch_metric_alarm", "", "insufficient_data_actions"},
	{"aws_cloudwatch_composite_alarm", "", "alarm_actions"},
	{"aws_cloudwatch_composite_alarm", "", "ok_actions"},
	{"aws_cloudwatch_composite_alarm", "", "insufficient_data_actions"},
	{"aws_cloudwatch_event_target", "", "arn"},
	{"aws_s3_bucket_notification", "topic", "topic_arn"},
	{"aws_db_event_subscription", "", "sns_topic"},
	{"aws_budgets_budget", "notification", "subscriber_sns_topic_arns"},
	{"aws_backup_vault_notifications", "", "sns_topic_arn"},
	{"aws_codestarnotifications_notification_rule", "target", "address"},
	{"aws_cloudtrail", "", "sns_topic_name"},
	{"aws_ses_identity_notification_topic", "", "topic_arn"},
	{"aws_glacier_vault", "notification", "sns_topic"},
}

func checkSNSEncryption(in *Input) []Finding {
	m := snsEncryptionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_sns_topic") {
		b := r.Block
		key, st := b.String("kms_master_key_id")
		if st == iac.Unknown || st == iac.Known && key != "" {
			continue
		}
		msg := "topic has no kms_master_key_id"
		if st == iac.Known {
			msg = "kms_master_key_id is empty"
		}
		if pub := snsPublisher(in.Module, r); pub != nil {
			out = append(out, m.New(r, rangeOf(b, "kms_master_key_id"), msg, nil,
				fmt.Sprintf("%s publishes to this topic, and AWS services cannot use the AWS managed key alias/aws/sns; create a customer managed KMS key whose policy allows %s and set kms_master_key_id to it", pub.Address(), snsServiceOf(pub.Type))))
			continue
		}
		out = append(out, m.New(r, rangeOf(b, "kms_master_key_id"), msg,
			func(ed *iac.Editor) error { return ed.SetAttr(m.ID, b, "kms_master_key_id", snsManagedKey) }, ""))
	}
	return out
}

// snsPublisher returns a resource of an AWS service that publishes to topic,
// or nil. It sees references (aws_sns_topic.x.arn, through locals and
// for_each), not literal ARNs.
func snsPublisher(m *iac.Module, topic *iac.Resource) *iac.Resource {
	for _, p := range snsPublishers {
		for _, r := range m.ResourcesOfType(p.typ) {
			if r.Scope != topic.Scope {
				continue
			}
			if p.block == "" {
				for _, t := range m.Refs(r, p.attr) {
					if t.ConfigAddress() == topic.ConfigAddress() {
						return r
					}
				}
				continue
			}
			for _, nb := range r.Block.Nested(p.block) {
				if a := nb.Attr(p.attr); a != nil && snsMentions(a.Expr, topic) {
					return r
				}
			}
		}
	}
	return nil
}

// snsMentions reports whether expr refers to resource target by name
// (type.name…), in target's own module.
func snsMentions(expr hcl.Expression, target *iac.Resource) bool {
	for _, tr := range expr.Variables() {
		if tr.RootName() != target.Type || len(tr) < 2 {
			continue
		}
		if at, ok := tr[1].(hcl.TraverseAttr); ok && at.Name == target.Name {
			return true
		}
	}
	return false
}

// snsServiceOf names the service principal that publishes for a resource type.
func snsServiceOf(typ string) string {
	switch typ {
	case "aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm":
		return "cloudwatch.amazonaws.com"
	case "aws_cloudwatch_event_target":
		return "events.amazonaws.com"
	case "aws_s3_bucket_notification":
		return "s3.amazonaws.com"
	case "aws_db_event_subscription":
		return "events.rds.amazonaws.com"
	case "aws_budgets_budget":
		return "budgets.amazonaws.com"
	case "aws_backup_vault_notifications":
		return "backup.amazonaws.com"
	case "aws_codestarnotifications_notification_rule":
		return "codestar-notifications.amazonaws.com"
	case "aws_cloudtrail":
		return "cloudtrail.amazonaws.com"
	case "aws_ses_identity_notification_topic":
		return "ses.amazonaws.com"
	case "aws_glacier_vault":
		return "glacier.amazonaws.com"
	}
	return "the publishing service"
}
