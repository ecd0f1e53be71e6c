package aws

import awssdk "github.com/aws/aws-sdk-go-v2/aws"

// keyedTagMap is tagMap of a tag list whose keys an answer may leave
// out: a tag without a Key is an error naming op.
func keyedTagMap[T any](op string, tags []T, kv func(T) (*string, *string)) (map[string]any, error) {
	out := make(map[string]any, len(tags))
	for _, t := range tags {
		k, v := kv(t)
		if k == nil {
			return nil, missingField(op, "a tag's Key")
		}
		out[*k] = awssdk.ToString(v)
	}
	return out, nil
}

// mapOf is a tag map answered as map[string]string (SQS, CloudWatch Logs)
// as a Terraform tags attribute.
func mapOf(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
