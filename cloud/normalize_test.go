package cloud

import (
	"strings"
	"testing"
)

func TestEquivalent(t *testing.T) {
	policyA := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Principal":"*"}]}`
	policyB := `{
  "Statement": {
    "Principal": "*",
    "Resource": ["arn:aws:s3:::b/*"],
    "Action": ["s3:GetObject"],
    "Effect": "Allow"
  },
  "Version": "2012-10-17"
}`
	twoStmts := `{"Version":"2012-10-17","Statement":[
	  {"Sid":"A","Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":"*"},
	  {"Sid":"B","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}`
	twoStmtsReordered := `{"Statement":[
	  {"Condition":{"Bool":{"aws:SecureTransport":["false"]}},"Resource":["*"],"Action":["s3:*"],"Effect":"Deny","Sid":"B"},
	  {"Resource":["*"],"Action":["s3:GetObject","s3:PutObject"],"Effect":"Allow","Sid":"A"}],"Version":"2012-10-17"}`
	urlEncoded := `%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Ab%2F%2A%22%2C%22Principal%22%3A%22%2A%22%7D%5D%7D`

	ruleA := map[string]any{"from_port": 443.0, "to_port": 443.0, "protocol": "tcp", "cidr_blocks": []any{"10.0.0.0/8", "192.168.0.0/16"}}
	ruleB := map[string]any{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": []any{"0.0.0.0/0"}}
	ruleAReordered := map[string]any{"protocol": "tcp", "to_port": 443, "from_port": int64(443), "cidr_blocks": []string{"192.168.0.0/16", "10.0.0.1/8"}}

	tests := []struct {
		name     string
		attr     string
		expected any
		actual   any
		want     bool
	}{
		// policy JSON
		{"policy whitespace, key order, string vs list, object vs list", "policy", policyA, policyB, true},
		{"policy principal as a one-element list, account ID vs its root ARN", "policy",
			`{"Statement":[{"Effect":"Allow","Action":"a","Resource":"*","Principal":{"AWS":"arn:aws:iam::123456789012:root"}}]}`,
			`{"Statement":[{"Effect":"Allow","Action":"a","Resource":"*","Principal":{"AWS":["123456789012"]}}]}`, true},
		// awspolicyequivalence, and so the AWS provider, tells these apart
		{"policy * principal vs {AWS: *}", "policy", policyA, strings.Replace(policyA, `"Principal":"*"`, `"Principal":{"AWS":"*"}`, 1), false},
		{"policy statements and actions reordered, condition bool vs string", "policy", twoStmts, twoStmtsReordered, true},
		{"policy URL-encoded as IAM returns it", "assume_role_policy", policyA, urlEncoded, true},
		{"policy with another action", "policy", policyA, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Principal":"*"}]}`, false},
		{"policy with another effect", "policy", policyA, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Principal":"*"}}`, false},
		{"policy with an extra statement", "policy", twoStmts, policyA, false},
		{"empty Sid is no Sid", "policy", `{"Statement":[{"Sid":"","Effect":"Allow","Action":"a","Resource":"*"}]}`, `{"Statement":[{"Effect":"Allow","Action":"a","Resource":"*"}]}`, true},
		{"JSON document (not a policy) key order", "container_definitions", `[{"b":1,"a":"x"}]`, `[ {"a":"x", "b":1.0} ]`, true},
		{"JSON vs plain string", "policy", policyA, "not json", false},

		// tags
		{"tags in any order", "tags", map[string]any{"a": "1", "b": "2"}, map[string]any{"b": "2", "a": "1"}, true},
		{"tags nil vs empty map", "tags", nil, map[string]any{}, true},
		{"tags empty map vs nil", "tags", map[string]any{}, nil, true},
		{"tags nil vs empty list", "tags", nil, []any{}, true},
		{"tags typed map", "tags", map[string]any{"a": "1"}, map[string]string{"a": "1"}, true},
		{"tag value changed", "tags", map[string]any{"a": "1"}, map[string]any{"a": "2"}, false},
		{"tag added", "tags", map[string]any{"a": "1"}, map[string]any{"a": "1", "b": "2"}, false},
		{"tag removed", "tags", map[string]any{"a": "1", "b": "2"}, map[string]any{"a": "1"}, false},
		{"tags nil vs one tag", "tags", nil, map[string]any{"a": "1"}, false},

		// CIDRs and IPs
		{"CIDR host bits", "cidr_blocks", []any{"10.0.0.1/8"}, []any{"10.0.0.0/8"}, true},
		{"CIDR other prefix", "cidr_blocks", []any{"10.0.0.0/8"}, []any{"10.0.0.0/16"}, false},
		{"CIDR other network", "cidr_blocks", []any{"10.0.0.0/8"}, []any{"11.0.0.0/8"}, false},
		{"IPv6 CIDR case and compression", "ipv6_cidr_blocks", []any{"2001:DB8:0:0::/32"}, []any{"2001:db8::/32"}, true},
		{"IPv6 CIDR other prefix", "ipv6_cidr_blocks", []any{"2001:db8::/32"}, []any{"2001:db8::/48"}, false},
		{"IP address forms", "private_ip", "2001:DB8::0:1", "2001:db8::1", true},
		{"CIDR vs garbage", "cidr_block", "10.0.0.0/8", "10.0.0.0/x", false},

		// sets
		{"SG rules reordered, ports as ints, CIDRs reordered and non-canonical", "ingress", []any{ruleA, ruleB}, []any{ruleB, ruleAReordered}, true},
		{"SG rule added", "ingress", []any{ruleA}, []any{ruleA, ruleB}, false},
		{"SG rule port changed", "ingress", []any{ruleA}, []any{map[string]any{"from_port": 444.0, "to_port": 443.0, "protocol": "tcp", "cidr_blocks": []any{"10.0.0.0/8", "192.168.0.0/16"}}}, false},
		{"duplicate set elements count", "security_groups", []any{"sg-1", "sg-1"}, []any{"sg-1", "sg-2"}, false},
		{"ordered list keeps order", "subnet_mapping", []any{"a", "b"}, []any{"b", "a"}, false},
		{"block element reports fewer keys than state has", "versioning_configuration", []any{map[string]any{"status": "Enabled", "mfa_delete": ""}}, []any{map[string]any{"status": "Enabled"}}, true},

		// numbers and strings
		{"1 vs 1.0", "size", 1, 1.0, true},
		{"float32 vs float64", "iops", float32(3000), 3000.0, true},
		{"2 vs 1", "size", 2.0, 1.0, false},
		{"bool vs provider string", "enabled", "true", true, true},
		{"provider string vs bool false", "enabled", false, "false", true},
		{"bool vs other string", "enabled", "yes", true, false},
		{"bool mismatch", "enabled", "true", false, false},
		{"number vs provider string", "port", "80", 80, true},
		{"number vs other string", "port", "eighty", 80.0, false},
		{"strings differ", "name", "a", "b", false},
		{"nil vs empty string (unset optional string)", "policy", nil, "", true},
		{"empty string vs empty map differ", "name", "", map[string]any{}, false},
		{"pointer to string", "name", "a", ptr("a"), true},
		{"scalar vs map", "name", "a", map[string]any{"a": "a"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Equivalent(tt.attr, tt.expected, tt.actual); got != tt.want {
				t.Errorf("Equivalent(%s, %v, %v) = %v, want %v", tt.attr, tt.expected, tt.actual, got, tt.want)
			}
			if got := Equivalent(tt.attr, tt.actual, tt.expected); got != tt.want && tt.name != "block element reports fewer keys than state has" {
				t.Errorf("Equivalent is not symmetric: (%s, %v, %v) = %v", tt.attr, tt.actual, tt.expected, got)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
