package cloud

import (
	"slices"
	"testing"

	"github.com/driftfix/driftfix/iac/tfstate"
)

// Each supported type is known by every ID form the AWS provider's major
// versions keep in state.
func TestIdentities(t *testing.T) {
	tests := []struct {
		typ, id string
		values  map[string]any
		want    []string
	}{
		{"aws_db_instance", "orders", map[string]any{"identifier": "orders", "resource_id": "db-ABC"}, []string{"orders", "db-ABC"}}, // v4
		{"aws_db_instance", "db-ABC", map[string]any{"identifier": "orders", "resource_id": "db-ABC"}, []string{"db-ABC", "orders"}}, // v5, v6
		{"aws_s3_bucket_versioning", "logs,111122223333", map[string]any{"bucket": "logs"}, []string{"logs,111122223333", "logs"}},   // with expected_bucket_owner
		{"aws_s3_bucket_server_side_encryption_configuration", "logs", map[string]any{"bucket": "logs"}, []string{"logs"}},           // without
		{"aws_s3_bucket", "logs", map[string]any{"bucket": "logs", "arn": "arn:aws:s3:::logs"}, []string{"logs"}},                    //
		{"aws_kms_key", "k-1", map[string]any{"key_id": "k-1", "arn": "arn:aws:kms:us-east-1:1:key/k-1"}, []string{"k-1", "arn:aws:kms:us-east-1:1:key/k-1"}},
		{"aws_iam_role", "app", map[string]any{"name": "app"}, []string{"app"}},
		{"aws_security_group", "sg-1", map[string]any{"name": "web"}, []string{"sg-1"}},
		{"aws_instance", "i-1", nil, []string{"i-1"}},
		{"aws_ebs_volume", "vol-1", nil, []string{"vol-1"}},
	}
	for _, tt := range tests {
		if got := Identities(tt.typ, tt.id, tt.values); !slices.Equal(got, tt.want) {
			t.Errorf("%s %s: %v, want %v", tt.typ, tt.id, got, tt.want)
		}
	}
}

// A v5 state keeps an RDS instance's resource ID; the sweep lists it by
// identifier. It is managed, not unmanaged.
func TestCompareRDSAcrossIDForms(t *testing.T) {
	state := []tfstate.Resource{{Address: "aws_db_instance.orders", Type: "aws_db_instance", ID: "db-ABC", Region: "us-east-1",
		Values: map[string]any{"id": "db-ABC", "identifier": "orders", "resource_id": "db-ABC"}}}
	swept := []Resource{
		{Ref: Ref{Type: "aws_db_instance", ID: "orders", Region: "us-east-1"}, Attrs: map[string]any{"id": "db-ABC", "identifier": "orders"}},
		{Ref: Ref{Type: "aws_db_instance", ID: "orders", Region: "eu-west-1"}, Attrs: map[string]any{"id": "db-XYZ", "identifier": "orders"}},
	}
	got := Compare(state, nil, nil, swept, CompareOptions{})
	if len(got) != 1 || got[0].Kind != Unmanaged || got[0].Region != "eu-west-1" {
		t.Fatalf("drift = %+v; want only the eu-west-1 instance of the same name unmanaged", got)
	}
	if addr, ok := NewManaged(state).Address("aws_db_instance", "us-east-1", "orders"); !ok || addr != "aws_db_instance.orders" {
		t.Errorf("Address(orders) = %q, %v", addr, ok)
	}
}
