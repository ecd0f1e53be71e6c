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
		// An attachment Terraform created (v4 to v6: role plus a random
		// suffix), one imported (role/policy ARN), and the swept one.
		{"aws_iam_role_policy_attachment", "app-20260101000000000000000001", map[string]any{"role": "app", "policy_arn": "arn:aws:iam::1:policy/p"},
			[]string{"app-20260101000000000000000001", "app/arn:aws:iam::1:policy/p"}},
		{"aws_iam_role_policy_attachment", "app/arn:aws:iam::1:policy/p", map[string]any{"role": "app", "policy_arn": "arn:aws:iam::1:policy/p"},
			[]string{"app/arn:aws:iam::1:policy/p"}},
		{"aws_iam_user_policy_attachment", "bob-2026", map[string]any{"user": "bob", "policy_arn": "arn:aws:iam::1:policy/p"},
			[]string{"bob-2026", "bob/arn:aws:iam::1:policy/p"}},
		{"aws_iam_policy", "arn:aws:iam::1:policy/p", map[string]any{"arn": "arn:aws:iam::1:policy/p"}, []string{"arn:aws:iam::1:policy/p"}},
		{"aws_iam_access_key", "AKIA1", map[string]any{"id": "AKIA1", "user": "bob"}, []string{"AKIA1", "bob/AKIA1"}},
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

// Overlaps: what two types describe is reported once.
func TestCompareOverlaps(t *testing.T) {
	arn := "arn:aws:iam::1:policy/admin"
	role := func(addr, name string) tfstate.Resource {
		return tfstate.Resource{Address: addr, Type: "aws_iam_role", ID: name, Values: map[string]any{"name": name, "managed_policy_arns": []any{}}}
	}
	attached := func(role string) Resource {
		return Resource{Ref: Ref{Type: "aws_iam_role_policy_attachment", ID: role + "/" + arn}, Attrs: map[string]any{"role": role, "policy_arn": arn}}
	}
	liveRole := func(name string, managed ...any) Resource {
		return Resource{Ref: Ref{Type: "aws_iam_role", ID: name}, Attrs: map[string]any{"name": name, "managed_policy_arns": managed}}
	}
	tests := []struct {
		name  string
		state []tfstate.Resource
		live  []Resource
		swept []Resource
		want  []string
	}{
		{"a role without attachment resources keeps its policies in managed_policy_arns: a change of the role, no unmanaged attachment",
			[]tfstate.Resource{role("aws_iam_role.a", "a")}, []Resource{liveRole("a", arn)}, []Resource{attached("a")},
			[]string{"changed aws_iam_role.a managed_policy_arns[0]"}},
		{"a role with attachment resources: an unmanaged attachment, managed_policy_arns not compared",
			[]tfstate.Resource{role("aws_iam_role.a", "a"), {Address: "aws_iam_role_policy_attachment.x", Type: "aws_iam_role_policy_attachment", ID: "a-2026",
				Values: map[string]any{"role": "a", "policy_arn": "arn:aws:iam::1:policy/other"}}},
			[]Resource{liveRole("a", arn, "arn:aws:iam::1:policy/other")}, []Resource{attached("a")},
			[]string{"unmanaged aws_iam_role_policy_attachment a/" + arn}},
		{"an attachment of an unmanaged role: only the role is unmanaged",
			nil, nil, []Resource{liveRole("ghost", arn), attached("ghost")},
			[]string{"unmanaged aws_iam_role ghost"}},
		{"an exclusive aws_iam_policy_attachment claims the policy's attachments",
			[]tfstate.Resource{role("aws_iam_role.a", "a"), {Address: "aws_iam_role_policy_attachment.x", Type: "aws_iam_role_policy_attachment", ID: "a-1",
				Values: map[string]any{"role": "a", "policy_arn": "arn:aws:iam::1:policy/other"}},
				{Address: "aws_iam_policy_attachment.admin", Type: "aws_iam_policy_attachment", ID: "admin", Values: map[string]any{"policy_arn": arn, "roles": []any{"b"}}}},
			nil, []Resource{attached("a")}, nil},
		{"an attachment in state under its created id is not unmanaged",
			[]tfstate.Resource{role("aws_iam_role.a", "a"), {Address: "aws_iam_role_policy_attachment.x", Type: "aws_iam_role_policy_attachment", ID: "a-20260101",
				Values: map[string]any{"role": "a", "policy_arn": arn}}},
			nil, []Resource{attached("a")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range Compare(tt.state, tt.live, nil, tt.swept, CompareOptions{}) {
				line := string(d.Kind) + " "
				if d.Address != "" {
					line += d.Address
				} else {
					line += d.Type + " " + d.ID
				}
				for _, c := range d.Changes {
					line += " " + c.Path
				}
				got = append(got, line)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("drift = %q, want %q", got, tt.want)
			}
		})
	}
}
