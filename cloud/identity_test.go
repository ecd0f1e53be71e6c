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
		// The ACL's ID adds its canned ACL (v4 to v6).
		{"aws_s3_bucket_acl", "logs,111122223333,private", map[string]any{"bucket": "logs"}, []string{"logs,111122223333,private", "logs"}},
		{"aws_s3_bucket_acl", "logs,private", map[string]any{"bucket": "logs"}, []string{"logs,private", "logs"}},
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
		// Data and messaging: one ID form in v4 to v6; a queue also by its
		// name (its URL has more than one form).
		{"aws_sqs_queue", "https://sqs.us-east-1.amazonaws.com/1/jobs", map[string]any{"name": "jobs", "url": "https://sqs.us-east-1.amazonaws.com/1/jobs"},
			[]string{"https://sqs.us-east-1.amazonaws.com/1/jobs", "jobs"}},
		{"aws_sqs_queue_policy", "https://sqs.us-east-1.amazonaws.com/1/jobs", map[string]any{"queue_url": "https://sqs.us-east-1.amazonaws.com/1/jobs"},
			[]string{"https://sqs.us-east-1.amazonaws.com/1/jobs"}},
		{"aws_sns_topic", "arn:aws:sns:us-east-1:1:t", map[string]any{"arn": "arn:aws:sns:us-east-1:1:t", "name": "t"}, []string{"arn:aws:sns:us-east-1:1:t"}},
		{"aws_rds_cluster", "main", map[string]any{"cluster_identifier": "main", "cluster_resource_id": "cluster-ABC"}, []string{"main"}},
		{"aws_ecr_repository_policy", "app", map[string]any{"repository": "app"}, []string{"app"}},
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

// Network types whose state ID names nothing are known by what they are,
// in the forms provider v4, v5 and v6 keep; a live rule swept as a v5
// rule type is managed by an older aws_security_group_rule of any
// version, and the protocol may be a name or a number on either side.
func TestNetworkIdentityForms(t *testing.T) {
	ruleState := func(id string, extra map[string]any) tfstate.Resource {
		v := map[string]any{"security_group_id": "sg-1", "type": "ingress", "protocol": "6", "from_port": 22.0, "to_port": 22.0,
			"cidr_blocks": []any{"10.1.0.0/16", "10.2.0.1/16"}}
		for k, x := range extra {
			v[k] = x
		}
		return tfstate.Resource{Address: "aws_security_group_rule.ssh", Type: "aws_security_group_rule", ID: id, Values: v}
	}
	swept := func(cidr string) Resource {
		return Resource{Ref: Ref{Type: "aws_vpc_security_group_ingress_rule", ID: "sgr-" + cidr}, Attrs: map[string]any{"security_group_id": "sg-1",
			"ip_protocol": "tcp", "from_port": 22.0, "to_port": 22.0, "cidr_ipv4": cidr}}
	}
	tests := []struct {
		name    string
		state   tfstate.Resource
		live    Resource
		managed bool
	}{
		{"v4 aws_security_group_rule (sgrule- id, protocol as a number, a CIDR not in canonical form)", ruleState("sgrule-1", nil), swept("10.2.0.0/16"), true},
		{"v5/v6 aws_security_group_rule (security_group_rule_id empty: two sources)", ruleState("sgrule-1", map[string]any{"security_group_rule_id": ""}), swept("10.1.0.0/16"), true},
		{"another port is another rule", ruleState("sgrule-1", map[string]any{"from_port": 2222.0, "to_port": 2222.0}), swept("10.1.0.0/16"), false},
		{"aws_route (v4 to v6: r-<table><hash>) by table and destination",
			tfstate.Resource{Type: "aws_route", ID: "r-rtb-11080289494", Values: map[string]any{"route_table_id": "rtb-1", "destination_cidr_block": "0.0.0.0/0"}},
			Resource{Ref: Ref{Type: "aws_route", ID: "rtb-1_0.0.0.0/0"}, Attrs: map[string]any{"route_table_id": "rtb-1", "destination_cidr_block": "0.0.0.0/0"}}, true},
		{"aws_network_acl_rule (v4 to v6: nacl-<hash>) by ACL, number and direction",
			tfstate.Resource{Type: "aws_network_acl_rule", ID: "nacl-3391012398", Values: map[string]any{"network_acl_id": "acl-1", "rule_number": 100.0, "egress": false, "protocol": "tcp"}},
			Resource{Ref: Ref{Type: "aws_network_acl_rule", ID: "acl-1:100:6:false"}, Attrs: map[string]any{"network_acl_id": "acl-1", "rule_number": 100.0, "egress": false}}, true},
		{"the egress rule of the same number is another",
			tfstate.Resource{Type: "aws_network_acl_rule", ID: "nacl-3391012398", Values: map[string]any{"network_acl_id": "acl-1", "rule_number": 100.0, "egress": false}},
			Resource{Ref: Ref{Type: "aws_network_acl_rule", ID: "acl-1:100:6:true"}, Attrs: map[string]any{"network_acl_id": "acl-1", "rule_number": 100.0, "egress": true}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.state.Address = tt.state.Type + ".x"
			if got := NewManaged([]tfstate.Resource{tt.state}).Manages(tt.live); got != tt.managed {
				t.Errorf("Manages = %v, want %v", got, tt.managed)
			}
		})
	}
	if !Equivalent("protocol", "tcp", "6") || !Equivalent("ip_protocol", "all", "-1") || Equivalent("protocol", "udp", "6") {
		t.Error("protocols by name and number are not compared as the provider does")
	}
}

// Network overlaps: a rule kept inline in its group and as its own
// resource is compared once (the resource); a rule of a group whose rules
// are inline is a change of the group, never unmanaged; a rule of the
// default group no state has is AWS's; a route of an inline table likewise.
func TestCompareNetworkOverlaps(t *testing.T) {
	group := func(typ, id string) tfstate.Resource {
		return tfstate.Resource{Address: typ + "." + id, Type: typ, ID: id, Values: map[string]any{"ingress": []any{}, "egress": []any{}}}
	}
	rule := func(group, id string) Resource {
		return Resource{Ref: Ref{Type: "aws_vpc_security_group_ingress_rule", ID: id}, Attrs: map[string]any{"security_group_id": group,
			"ip_protocol": "tcp", "from_port": 22.0, "to_port": 22.0, "cidr_ipv4": "0.0.0.0/0"}}
	}
	ruleRes := tfstate.Resource{Address: "aws_vpc_security_group_ingress_rule.https", Type: "aws_vpc_security_group_ingress_rule", ID: "sgr-443",
		Values: map[string]any{"security_group_id": "sg-sep"}}
	liveGroup := Resource{Ref: Ref{Type: "aws_security_group", ID: "sg-sep"}, Attrs: map[string]any{"ingress": []any{map[string]any{"from_port": 22.0}}}}
	route := Resource{Ref: Ref{Type: "aws_route", ID: "rtb-1_10.0.0.0/8"}, Attrs: map[string]any{"route_table_id": "rtb-1", "destination_cidr_block": "10.0.0.0/8"}}
	tests := []struct {
		name  string
		state []tfstate.Resource
		live  []Resource
		swept []Resource
		want  []string
	}{
		{"group with a rule resource: its ingress is not compared, a rule added by hand is unmanaged",
			[]tfstate.Resource{group("aws_security_group", "sg-sep"), ruleRes}, []Resource{liveGroup}, []Resource{rule("sg-sep", "sgr-22")},
			[]string{"unmanaged aws_vpc_security_group_ingress_rule sgr-22"}},
		{"group with inline rules: a rule added by hand is a change of the group, not also unmanaged",
			[]tfstate.Resource{group("aws_security_group", "sg-sep")}, []Resource{liveGroup}, []Resource{rule("sg-sep", "sgr-22")},
			[]string{"changed aws_security_group.sg-sep ingress[0]"}},
		{"a rule of a default group no state has is AWS's",
			nil, nil, []Resource{rule("sg-default", "sgr-1")}, nil},
		{"a rule of an aws_default_security_group with an aws_vpc_security_group_ingress_rule",
			[]tfstate.Resource{group("aws_default_security_group", "sg-default"), {Address: "aws_vpc_security_group_ingress_rule.x", Type: "aws_vpc_security_group_ingress_rule",
				ID: "sgr-9", Values: map[string]any{"security_group_id": "sg-default"}}}, nil, []Resource{rule("sg-default", "sgr-1")},
			[]string{"unmanaged aws_vpc_security_group_ingress_rule sgr-1"}},
		{"a route of a table that keeps its routes inline is not unmanaged",
			[]tfstate.Resource{{Address: "aws_route_table.a", Type: "aws_route_table", ID: "rtb-1", Values: map[string]any{"route": []any{}}}}, nil, []Resource{route}, nil},
		{"a route of a table with aws_route resources is",
			[]tfstate.Resource{{Address: "aws_route_table.a", Type: "aws_route_table", ID: "rtb-1", Values: map[string]any{"route": []any{}}},
				{Address: "aws_route.b", Type: "aws_route", ID: "r-rtb-1123", Values: map[string]any{"route_table_id": "rtb-1", "destination_cidr_block": "0.0.0.0/0"}}},
			nil, []Resource{route}, []string{"unmanaged aws_route rtb-1_10.0.0.0/8"}},
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
