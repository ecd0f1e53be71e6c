package aws

import (
	"context"
	"errors"
	"net/url"
	"path"
	"strconv"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/driftfix/driftfix/cloud"
)

// SQS queues and their policies. A queue's ID is its URL in every provider
// version; it is read with one GetQueueAttributes (shared by the queue and
// its policy) and one ListQueueTags. The sweep pages through ListQueues.
//
// aws_sqs_queue_policy is not swept: a queue's policy has no identity of
// its own (a policy set by hand on a managed queue is a change of the
// queue's policy, or of its aws_sqs_queue_policy; on an unmanaged queue,
// the queue is unmanaged).
const (
	typeSQSQueue       = "aws_sqs_queue"
	typeSQSQueuePolicy = "aws_sqs_queue_policy"
)

func init() {
	types[typeSQSQueue] = typeInfo{service: "sqs", actions: []string{"sqs:GetQueueAttributes", "sqs:ListQueueTags", "sqs:ListQueues"}}
	types[typeSQSQueuePolicy] = typeInfo{service: "sqs", companion: true, actions: []string{"sqs:GetQueueAttributes"}}
	readers["sqs"] = func(r *Reader) reader { return sqsReader{r} }
}

// sqsAPI is what the reader calls on SQS.
type sqsAPI interface {
	ListQueues(context.Context, *sqs.ListQueuesInput, ...func(*sqs.Options)) (*sqs.ListQueuesOutput, error)
	GetQueueAttributes(context.Context, *sqs.GetQueueAttributesInput, ...func(*sqs.Options)) (*sqs.GetQueueAttributesOutput, error)
	ListQueueTags(context.Context, *sqs.ListQueueTagsInput, ...func(*sqs.Options)) (*sqs.ListQueueTagsOutput, error)
}

const sqsMaxResults = 1000 // the largest page ListQueues allows

type sqsReader struct{ *Reader }

func (r sqsReader) client(region string) sqsAPI {
	return client(r.Reader, "sqs", region, func(cfg awssdk.Config) sqsAPI { return sqs.NewFromConfig(cfg) })
}

// queueGone: SQS's answer that a queue does not exist (the JSON protocol's
// QueueDoesNotExist, the query protocol's code for it).
func queueGone(err error) bool {
	var nf *sqstypes.QueueDoesNotExist
	return errors.As(err, &nf) || errorCode(err) == "AWS.SimpleQueueService.NonExistentQueue"
}

// queueName is the last segment of a queue URL.
func queueName(queueURL string) string {
	u, err := url.Parse(queueURL)
	if err != nil {
		return ""
	}
	return path.Base(u.Path)
}

// attributes reads every attribute of one queue, once per Get; nil when
// the queue does not exist.
func (r sqsReader) attributes(ctx context.Context, region, queueURL string) (map[string]string, error) {
	return attributeMap(ctx, "sqs:attributes:"+region+":"+queueURL, "GetQueueAttributes", "QueueArn", queueGone, func() (map[string]string, error) {
		var out *sqs.GetQueueAttributesOutput
		if err := r.call(ctx, "sqs", func() (err error) {
			out, err = r.client(region).GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: &queueURL,
				AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll}})
			return err
		}); err != nil {
			return nil, err
		}
		return out.Attributes, nil
	})
}

func (r sqsReader) get(ctx context.Context, refs []cloud.Ref) cloud.GetResult {
	return readParallel(ctx, r.fanout, refs, func(ctx context.Context, ref cloud.Ref) outcome {
		if ref.Type == typeSQSQueuePolicy {
			a, err := r.attributes(ctx, ref.Region, ref.ID)
			switch {
			case err != nil:
				return failedWith(err)
			case a == nil || a["Policy"] == "": // the provider drops a queue policy without a policy
				return notFound
			}
			return foundAs(map[string]any{"id": ref.ID, "queue_url": ref.ID, "policy": a["Policy"]})
		}
		a, tags, err := withTags(ctx, ref, r.attributes, r.tags, queueGone)
		switch {
		case err != nil:
			return failedWith(err)
		case a == nil:
			return notFound
		}
		attrs, err := queueAttrs(ref.ID, a)
		if err != nil {
			return failedWith(err)
		}
		attrs["tags"] = tags
		return foundAs(attrs)
	})
}

func (r sqsReader) tags(ctx context.Context, region, queueURL string) (map[string]any, error) {
	var out *sqs.ListQueueTagsOutput
	if err := r.call(ctx, "sqs", func() (err error) {
		out, err = r.client(region).ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: &queueURL})
		return err
	}); err != nil {
		return nil, err
	}
	return mapOf(out.Tags), nil
}

// queueNumbers are the numeric attributes of a queue, by provider name.
var queueNumbers = map[string]string{
	"visibility_timeout_seconds":        "VisibilityTimeout",
	"message_retention_seconds":         "MessageRetentionPeriod",
	"max_message_size":                  "MaximumMessageSize",
	"delay_seconds":                     "DelaySeconds",
	"receive_wait_time_seconds":         "ReceiveMessageWaitTimeSeconds",
	"kms_data_key_reuse_period_seconds": "KmsDataKeyReusePeriodSeconds",
}

// queueAttrs are aws_sqs_queue's attributes. An attribute the answer does
// not have is left out (not compared), but for those whose absence means
// "not set": the policies, the KMS key, FIFO.
func queueAttrs(queueURL string, a map[string]string) (map[string]any, error) {
	attrs := map[string]any{
		"id":                queueURL,
		"url":               queueURL,
		"name":              queueName(queueURL),
		"arn":               a["QueueArn"],
		"fifo_queue":        a["FifoQueue"] == "true",
		"policy":            a["Policy"],
		"redrive_policy":    a["RedrivePolicy"],
		"kms_master_key_id": a["KmsMasterKeyId"],
	}
	for name, attr := range queueNumbers {
		v, ok := a[attr]
		if !ok {
			continue
		}
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, missingField("GetQueueAttributes", "a number as "+attr)
		}
		attrs[name] = n
	}
	for name, attr := range map[string]string{"sqs_managed_sse_enabled": "SqsManagedSseEnabled", "content_based_deduplication": "ContentBasedDeduplication"} {
		if v, ok := a[attr]; ok {
			attrs[name] = v == "true"
		}
	}
	return attrs, nil
}

// list sweeps the region's queues (URLs only: what ListQueues returns).
func (r sqsReader) list(ctx context.Context, typ, region string) ([]cloud.Resource, error) {
	p := sqs.NewListQueuesPaginator(r.client(region), &sqs.ListQueuesInput{MaxResults: awssdk.Int32(sqsMaxResults)})
	var out []cloud.Resource
	for p.HasMorePages() {
		var page *sqs.ListQueuesOutput
		if err := r.call(ctx, "sqs", func() (err error) { page, err = p.NextPage(ctx); return err }); err != nil {
			return nil, err
		}
		for _, u := range page.QueueUrls {
			if u == "" {
				return nil, missingField("ListQueues", "a queue's URL")
			}
			out = append(out, cloud.Resource{Ref: cloud.Ref{Type: typ, ID: u, Region: region},
				Attrs: map[string]any{"id": u, "url": u, "name": queueName(u)}})
		}
	}
	return out, nil
}
