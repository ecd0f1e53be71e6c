package cloud

import (
	"slices"
	"testing"

	"github.com/driftfix/driftfix/iac/tfstate"
)

// Queue and topic policies kept as their own resources take the parent's
// policy out of the comparison; subscriptions and repository policies of
// a parent no state has are not unmanaged on their own, those of a managed
// repository are.
func TestCompareDataOverlaps(t *testing.T) {
	const q, topic = "https://sqs.us-east-1.amazonaws.com/1/jobs", "arn:aws:sns:us-east-1:1:orders"
	open := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"}]}`
	closed := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"1"},"Action":"sqs:*","Resource":"*"}]}`
	queue := tfstate.Resource{Address: "aws_sqs_queue.jobs", Type: "aws_sqs_queue", ID: q, Values: map[string]any{"url": q, "name": "jobs", "policy": closed}}
	queuePolicy := tfstate.Resource{Address: "aws_sqs_queue_policy.jobs", Type: "aws_sqs_queue_policy", ID: q, Values: map[string]any{"queue_url": q, "policy": closed}}
	topicRes := tfstate.Resource{Address: "aws_sns_topic.orders", Type: "aws_sns_topic", ID: topic, Values: map[string]any{"arn": topic, "policy": closed}}
	topicPolicy := tfstate.Resource{Address: "aws_sns_topic_policy.orders", Type: "aws_sns_topic_policy", ID: topic, Values: map[string]any{"arn": topic, "policy": closed}}
	repo := tfstate.Resource{Address: "aws_ecr_repository.app", Type: "aws_ecr_repository", ID: "app", Values: map[string]any{"name": "app"}}
	live := []Resource{
		{Ref: Ref{Type: "aws_sqs_queue", ID: q}, Attrs: map[string]any{"policy": open}},
		{Ref: Ref{Type: "aws_sqs_queue_policy", ID: q}, Attrs: map[string]any{"policy": open}},
		{Ref: Ref{Type: "aws_sns_topic", ID: topic}, Attrs: map[string]any{"policy": open}},
		{Ref: Ref{Type: "aws_sns_topic_policy", ID: topic}, Attrs: map[string]any{"policy": open}},
	}
	swept := []Resource{
		{Ref: Ref{Type: "aws_sns_topic_subscription", ID: topic + ":s1"}, Attrs: map[string]any{"topic_arn": topic}},
		{Ref: Ref{Type: "aws_sns_topic_subscription", ID: "arn:aws:sns:us-east-1:1:stray:s2"}, Attrs: map[string]any{"topic_arn": "arn:aws:sns:us-east-1:1:stray"}},
		{Ref: Ref{Type: "aws_ecr_repository_policy", ID: "app"}, Attrs: map[string]any{"repository": "app"}},
		{Ref: Ref{Type: "aws_ecr_repository_policy", ID: "stray"}, Attrs: map[string]any{"repository": "stray"}},
		// A queue state has under another URL form: the same queue.
		{Ref: Ref{Type: "aws_sqs_queue", ID: "https://queue.amazonaws.com/1/jobs"}, Attrs: map[string]any{"name": "jobs"}},
	}
	tests := []struct {
		name  string
		state []tfstate.Resource
		want  []string
	}{
		{"policies inline", []tfstate.Resource{queue, topicRes, repo}, []string{
			"changed aws_sns_topic.orders", "changed aws_sqs_queue.jobs",
			"unmanaged aws_ecr_repository_policy app", "unmanaged aws_sns_topic_subscription " + topic + ":s1"}},
		{"policies as resources", []tfstate.Resource{queue, queuePolicy, topicRes, topicPolicy, repo}, []string{
			"changed aws_sns_topic_policy.orders", "changed aws_sqs_queue_policy.jobs",
			"unmanaged aws_ecr_repository_policy app", "unmanaged aws_sns_topic_subscription " + topic + ":s1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range Compare(tt.state, live, nil, swept, CompareOptions{}) {
				if d.Kind == Unmanaged {
					got = append(got, string(d.Kind)+" "+d.Type+" "+d.ID)
				} else {
					got = append(got, string(d.Kind)+" "+d.Address)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("drift %v\nwant %v", got, tt.want)
			}
		})
	}
}
