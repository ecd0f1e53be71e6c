package aws

import (
	"context"
	"errors"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/driftfix/driftfix/cloud"
)

// SNS topics, their policies and their subscriptions; every ID is an ARN
// (the topic's for a topic and its policy, the subscription's) in every
// provider version. A topic is read with one GetTopicAttributes (shared by
// the topic and its policy) and one ListTagsForResource; a subscription
// with one GetSubscriptionAttributes. The sweeps page through ListTopics
// and ListSubscriptions (100 a page, SNS's fixed size).
//
// aws_sns_topic_policy is not swept: SNS gives every topic a default
// policy, which is AWS's and never an unmanaged aws_sns_topic_policy, and
// a policy changed by hand is a change of the topic's policy (or of its
// aws_sns_topic_policy). Subscriptions pending confirmation have no ARN
// yet: they are no resource.
const (
	typeSNSTopic        = "aws_sns_topic"
	typeSNSTopicPolicy  = "aws_sns_topic_policy"
	typeSNSSubscription = "aws_sns_topic_subscription"
)

func init() {
	types[typeSNSTopic] = typeInfo{service: "sns", actions: []string{"sns:GetTopicAttributes", "sns:ListTagsForResource", "sns:ListTopics"}}
	types[typeSNSTopicPolicy] = typeInfo{service: "sns", companion: true, actions: []string{"sns:GetTopicAttributes"}}
	types[typeSNSSubscription] = typeInfo{service: "sns", actions: []string{"sns:GetSubscriptionAttributes", "sns:ListSubscriptions"}}
	readers["sns"] = func(r *Reader) reader { return snsReader{r} }
}

// snsAPI is what the reader calls on SNS.
type snsAPI interface {
	ListTopics(context.Context, *sns.ListTopicsInput, ...func(*sns.Options)) (*sns.ListTopicsOutput, error)
	ListSubscriptions(context.Context, *sns.ListSubscriptionsInput, ...func(*sns.Options)) (*sns.ListSubscriptionsOutput, error)
	GetTopicAttributes(context.Context, *sns.GetTopicAttributesInput, ...func(*sns.Options)) (*sns.GetTopicAttributesOutput, error)
	GetSubscriptionAttributes(context.Context, *sns.GetSubscriptionAttributesInput, ...func(*sns.Options)) (*sns.GetSubscriptionAttributesOutput, error)
	ListTagsForResource(context.Context, *sns.ListTagsForResourceInput, ...func(*sns.Options)) (*sns.ListTagsForResourceOutput, error)
}

type snsReader struct{ *Reader }

func (r snsReader) client(region string) snsAPI {
	return client(r.Reader, "sns", region, func(cfg awssdk.Config) snsAPI { return sns.NewFromConfig(cfg) })
}

// snsGone: SNS's answer that a topic or subscription does not exist.
func snsGone(err error) bool {
	var nf *snstypes.NotFoundException
	return errors.As(err, &nf) || errorCode(err) == "NotFound"
}

// topicAttributes reads one topic's attributes, once per Get; nil when the
// topic does not exist.
func (r snsReader) topicAttributes(ctx context.Context, region, arn string) (map[string]string, error) {
	return attributeMap(ctx, "sns:topic:"+region+":"+arn, "GetTopicAttributes", "TopicArn", snsGone, func() (map[string]string, error) {
		var out *sns.GetTopicAttributesOutput
		if err := r.call(ctx, "sns", func() (err error) {
			out, err = r.client(region).GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: &arn})
			return err
		}); err != nil {
			return nil, err
		}
		return out.Attributes, nil
	})
}

func (r snsReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	return readParallel(ctx, r.fanout, refs, func(ctx context.Context, ref cloud.Ref) outcome {
		switch ref.Type {
		case typeSNSSubscription:
			return r.subscription(ctx, ref)
		case typeSNSTopicPolicy:
			a, err := r.topicAttributes(ctx, ref.Region, ref.ID)
			switch {
			case err != nil:
				return failedWith(err)
			case a == nil:
				return notFound
			}
			return foundAs(map[string]any{"id": ref.ID, "arn": ref.ID, "policy": a["Policy"], "owner": a["Owner"]})
		}
		a, tags, err := withTags(ctx, ref, r.topicAttributes, r.tags, func(err error) bool { return snsGone(err) || errorCode(err) == "ResourceNotFound" })
		switch {
		case err != nil:
			return failedWith(err)
		case a == nil:
			return notFound
		}
		attrs := topicAttrs(a)
		attrs["tags"] = tags
		return foundAs(attrs)
	})
}

// topicAttrs are aws_sns_topic's attributes (the name is the ARN's last
// part; FIFO and content-based deduplication are false when not given).
func topicAttrs(a map[string]string) map[string]any {
	arn := a["TopicArn"]
	return map[string]any{
		"id":                          arn,
		"arn":                         arn,
		"name":                        arn[strings.LastIndex(arn, ":")+1:],
		"owner":                       a["Owner"],
		"display_name":                a["DisplayName"],
		"kms_master_key_id":           a["KmsMasterKeyId"],
		"fifo_topic":                  a["FifoTopic"] == "true",
		"content_based_deduplication": a["ContentBasedDeduplication"] == "true",
		"policy":                      a["Policy"],
		"delivery_policy":             a["DeliveryPolicy"],
	}
}

func (r snsReader) tags(ctx context.Context, region, arn string) (map[string]any, error) {
	var out *sns.ListTagsForResourceOutput
	if err := r.call(ctx, "sns", func() (err error) {
		out, err = r.client(region).ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: &arn})
		return err
	}); err != nil {
		return nil, err
	}
	return keyedTagMap("ListTagsForResource", out.Tags, func(t snstypes.Tag) (*string, *string) { return t.Key, t.Value })
}

// subscription reads one subscription by its ARN.
func (r snsReader) subscription(ctx context.Context, ref cloud.Ref) outcome {
	var out *sns.GetSubscriptionAttributesOutput
	err := r.call(ctx, "sns", func() (err error) {
		out, err = r.client(ref.Region).GetSubscriptionAttributes(ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: &ref.ID})
		return err
	})
	if snsGone(err) {
		return notFound
	}
	if err != nil {
		return failedWith(err)
	}
	a := out.Attributes
	if a["SubscriptionArn"] == "" || a["TopicArn"] == "" {
		return failedWith(missingField("GetSubscriptionAttributes", "the SubscriptionArn or TopicArn"))
	}
	attrs := map[string]any{
		"id":                   a["SubscriptionArn"],
		"arn":                  a["SubscriptionArn"],
		"topic_arn":            a["TopicArn"],
		"protocol":             a["Protocol"],
		"endpoint":             a["Endpoint"],
		"owner_id":             a["Owner"],
		"raw_message_delivery": a["RawMessageDelivery"] == "true",
		"filter_policy":        a["FilterPolicy"],
	}
	if v, ok := a["FilterPolicyScope"]; ok {
		attrs["filter_policy_scope"] = v
	}
	return foundAs(attrs)
}

// list sweeps the region's topics or its confirmed subscriptions.
func (r snsReader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	c := r.client(region)
	var out []cloud.Resource
	if typ == typeSNSSubscription {
		p := sns.NewListSubscriptionsPaginator(c, &sns.ListSubscriptionsInput{})
		for p.HasMorePages() {
			var page *sns.ListSubscriptionsOutput
			if err := r.call(ctx, "sns", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
				return nil, err
			}
			for _, s := range page.Subscriptions {
				arn, topic := awssdk.ToString(s.SubscriptionArn), awssdk.ToString(s.TopicArn)
				if arn == "" || topic == "" {
					return nil, missingField("ListSubscriptions", "a subscription's SubscriptionArn or TopicArn")
				}
				if !strings.HasPrefix(arn, "arn:") { // PendingConfirmation, Deleted
					continue
				}
				out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: arn, Region: region}, Attrs: map[string]any{
					"id": arn, "arn": arn, "topic_arn": topic, "protocol": awssdk.ToString(s.Protocol), "endpoint": awssdk.ToString(s.Endpoint)}})
			}
		}
		return out, nil
	}
	p := sns.NewListTopicsPaginator(c, &sns.ListTopicsInput{})
	for p.HasMorePages() {
		var page *sns.ListTopicsOutput
		if err := r.call(ctx, "sns", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, t := range page.Topics {
			arn := awssdk.ToString(t.TopicArn)
			if arn == "" {
				return nil, missingField("ListTopics", "a topic's TopicArn")
			}
			out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: arn, Region: region},
				Attrs: map[string]any{"id": arn, "arn": arn, "name": arn[strings.LastIndex(arn, ":")+1:]}})
		}
	}
	return out, nil
}
