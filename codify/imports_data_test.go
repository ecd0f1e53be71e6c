package codify_test

import (
	"strings"
	"testing"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/codify"
	"github.com/driftfix/driftfix/iac/tfstate"
)

// The data and messaging types get a resource block from what their sweep
// reads (identifying and required attributes, tags), or only the import
// block when the sweep lacks a required attribute (a table's key schema).
// A queue state manages under another URL form (same name) is not
// imported again.
func TestImportsDataTypes(t *testing.T) {
	const region = "us-east-1"
	tests := []struct {
		typ, id string
		attrs   map[string]any
		want    []string // lines of the resource block; nil: import only
	}{
		{"aws_sqs_queue", "https://sqs.us-east-1.amazonaws.com/111122223333/jobs", map[string]any{"name": "jobs", "url": "https://sqs.us-east-1.amazonaws.com/111122223333/jobs"},
			[]string{`name = "jobs"`}},
		{"aws_sns_topic_subscription", "arn:aws:sns:us-east-1:111122223333:orders:0b6f", map[string]any{"topic_arn": "arn:aws:sns:us-east-1:111122223333:orders",
			"protocol": "sqs", "endpoint": "arn:aws:sqs:us-east-1:111122223333:jobs"}, []string{`protocol  = "sqs"`, `endpoint  = "arn:aws:sqs:us-east-1:111122223333:jobs"`}},
		{"aws_dynamodb_table", "users", map[string]any{"name": "users"}, nil},
		{"aws_db_subnet_group", "db", map[string]any{"name": "db", "description": "app", "subnet_ids": []any{"subnet-1", "subnet-2"}},
			[]string{`subnet_ids  = ["subnet-1", "subnet-2"]`}},
		{"aws_ecr_repository", "app", map[string]any{"name": "app", "image_tag_mutability": "IMMUTABLE",
			"image_scanning_configuration": []any{map[string]any{"scan_on_push": true}}}, []string{`image_tag_mutability = "IMMUTABLE"`, `scan_on_push = true`}},
		{"aws_ecr_repository_policy", "app", map[string]any{"repository": "app", "policy": `{"Version":"2012-10-17","Statement":[]}`}, []string{`repository = "app"`}},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			live := []cloud.Resource{{Ref: cloud.Ref{Type: tt.typ, ID: tt.id, Region: region}, Attrs: tt.attrs}}
			drifts := []cloud.Drift{{Kind: cloud.Unmanaged, Type: tt.typ, ID: tt.id, Region: region}}
			f, err := codify.Imports(nil, drifts, live, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Resources) != 1 || f.Resources[0].Generated != (tt.want != nil) {
				t.Fatalf("imported %+v; want one, generated %v", f.Resources, tt.want != nil)
			}
			for _, line := range tt.want {
				if !strings.Contains(string(f.Src), line) {
					t.Errorf("no %q in\n%s", line, f.Src)
				}
			}
		})
	}
	// State keeps the queue under a URL of another form (the legacy host):
	// the same queue by name, never imported again.
	st, err := tfstate.ParseRaw([]byte(`{"version": 4, "terraform_version": "1.5.7", "resources": [
	  {"mode": "managed", "type": "aws_sqs_queue", "name": "jobs", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
	   "instances": [{"attributes": {"id": "https://queue.amazonaws.com/111122223333/jobs", "name": "jobs",
	     "url": "https://queue.amazonaws.com/111122223333/jobs"}}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	live := []cloud.Resource{{Ref: cloud.Ref{Type: "aws_sqs_queue", ID: tests[0].id, Region: region}, Attrs: tests[0].attrs}}
	f, err := codify.Imports(nil, []cloud.Drift{{Kind: cloud.Unmanaged, Type: "aws_sqs_queue", ID: tests[0].id, Region: region}}, live, st.Resources)
	if err != nil || len(f.Resources) != 0 {
		t.Errorf("a queue state manages by name was imported: %+v %v", f.Resources, err)
	}
}
