package cloud

import (
	"slices"
	"testing"
)

// The compute and edge types are known by every ID form the provider keeps
// (one form in v4 to v6 for each), and the two whose id does not name the
// object by their lookup key: a Lambda permission by function (its name,
// or the name and qualifier an ARN carries) and statement, a Route 53
// record by zone, fully qualified name, type and set identifier, whatever
// NAME its id was written with.
func TestIdentitiesComputeAndEdge(t *testing.T) {
	fnARN := "arn:aws:lambda:us-east-1:123456789012:function:api"
	tests := []struct {
		typ, id string
		values  map[string]any
		want    []string
	}{
		{"aws_lambda_function", "api", map[string]any{"function_name": "api", "arn": fnARN}, []string{"api", fnARN}},
		{"aws_lambda_permission", "AllowS3", map[string]any{"function_name": "api", "statement_id": "AllowS3"}, []string{"AllowS3", "api/AllowS3"}},
		{"aws_lambda_permission", "AllowS3", map[string]any{"function_name": fnARN, "statement_id": "AllowS3"}, []string{"AllowS3", "api/AllowS3"}},
		{"aws_lambda_permission", "AllowS3", map[string]any{"function_name": fnARN + ":live", "statement_id": "AllowS3"},
			[]string{"AllowS3", "api:live/AllowS3"}},
		{"aws_lambda_permission", "AllowS3", map[string]any{"function_name": "api", "qualifier": "live", "statement_id": "AllowS3"},
			[]string{"AllowS3", "api:live/AllowS3"}},
		// The swept form: the import ID.
		{"aws_lambda_permission", "api/AllowS3", map[string]any{"function_name": "api", "statement_id": "AllowS3"}, []string{"api/AllowS3"}},
		{"aws_route53_record", "Z1_www_A", map[string]any{"zone_id": "Z1", "name": "www", "fqdn": "www.example.com", "type": "A"},
			[]string{"Z1_www_A", "Z1_www.example.com_A"}},
		{"aws_route53_record", "Z1_api.example.com_CNAME_blue", map[string]any{"zone_id": "Z1", "name": "api.example.com.", "type": "CNAME",
			"set_identifier": "blue"}, []string{"Z1_api.example.com_CNAME_blue"}},
		{"aws_route53_record", `Z1_\052.example.com_A`, map[string]any{"zone_id": "Z1", "fqdn": `\052.example.com`, "type": "A"},
			[]string{`Z1_\052.example.com_A`, "Z1_*.example.com_A"}},
		{"aws_route53_zone", "Z1", map[string]any{"zone_id": "Z1", "name": "example.com"}, []string{"Z1"}},
		{"aws_lb", "arn:lb", map[string]any{"arn": "arn:lb"}, []string{"arn:lb"}},
		{"aws_lb_listener", "arn:l", map[string]any{"arn": "arn:l"}, []string{"arn:l"}},
		{"aws_autoscaling_group", "web", map[string]any{"name": "web"}, []string{"web"}},
		{"aws_eks_cluster", "main", map[string]any{"name": "main"}, []string{"main"}},
		{"aws_launch_template", "lt-1", map[string]any{"name": "web"}, []string{"lt-1"}},
		{"aws_cloudfront_distribution", "E1", map[string]any{"arn": "arn:aws:cloudfront::1:distribution/E1"}, []string{"E1", "arn:aws:cloudfront::1:distribution/E1"}},
		// Not enough to know the object by: its id alone.
		{"aws_lambda_permission", "AllowS3", map[string]any{"function_name": "arn:aws:s3:::not-a-function", "statement_id": "AllowS3"}, []string{"AllowS3"}},
	}
	for _, tt := range tests {
		if got := Identities(tt.typ, tt.id, tt.values); !slices.Equal(got, tt.want) {
			t.Errorf("Identities(%s, %s) = %v, want %v", tt.typ, tt.id, got, tt.want)
		}
	}
}
