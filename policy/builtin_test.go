package policy

import (
	"testing"

	"github.com/driftfix/driftfix/fixers"
)

// The built-in classes only name what a path is; they never let anything
// auto-apply: every one is high risk.
func TestBuiltinClassesAreHighRisk(t *testing.T) {
	table := DefaultTable(fixers.All())
	for _, r := range builtinRules {
		if got := table.Risk(r.Class); got != fixers.RiskHigh {
			t.Errorf("%s %s: class %s is %s risk; a built-in class must be high", r.Resource, r.Path, r.Class, got)
		}
	}
}

// A drift of a grant or a route is named by its class, not "unknown".
func TestDriftPathsHaveClasses(t *testing.T) {
	table := DefaultTable(fixers.All())
	for _, c := range []struct {
		typ, path string
		want      fixers.Class
	}{
		{"aws_sqs_queue_policy", "policy", fixers.ClassIAM},
		{"aws_s3_bucket_policy", "policy", fixers.ClassIAM},
		{"aws_kms_key", "policy", fixers.ClassIAM},
		{"aws_iam_role", "managed_policy_arns", fixers.ClassIAM},
		{"aws_iam_policy_attachment", "roles", fixers.ClassIAM},
		{"aws_network_acl", "ingress", fixers.ClassNetworkExposure},
		{"aws_route_table", "route", fixers.ClassNetworkExposure},
		{"aws_vpc_security_group_egress_rule", "cidr_ipv4", fixers.ClassNetworkExposure},
		// a fix's own class still wins on its path
		{"aws_kms_key", "enable_key_rotation", fixers.ClassKeyRotation},
		{"aws_sqs_queue", "sqs_managed_sse_enabled", fixers.ClassEncryptionAtRest},
	} {
		if got, ok := table.ClassOfPath(c.typ, c.path); !ok || got != c.want {
			t.Errorf("%s %s: class %q (%v), want %s", c.typ, c.path, got, ok, c.want)
		}
	}
	for _, typ := range []string{"aws_route", "aws_network_acl_rule", "aws_iam_role_policy_attachment", "aws_lambda_permission"} {
		if got, ok := table.ClassOfResource(typ); !ok || table.Risk(got) != fixers.RiskHigh {
			t.Errorf("deleting %s: class %q (%v), want a high-risk class", typ, got, ok)
		}
	}
}
