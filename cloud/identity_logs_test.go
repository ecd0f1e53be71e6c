package cloud

import (
	"testing"

	"github.com/driftfix/driftfix/iac/tfstate"
)

// A trail is managed whether state keeps its name (provider v4) or its
// ARN (v5, v6) in id; the sweep lists it by ARN.
func TestTrailIdentityForms(t *testing.T) {
	arn := "arn:aws:cloudtrail:us-east-1:123456789012:trail/main"
	swept := []Resource{{Ref: Ref{Type: "aws_cloudtrail", ID: arn, Region: "us-east-1"}, Attrs: map[string]any{"id": arn, "arn": arn, "name": "main"}}}
	for _, id := range []string{"main", arn} {
		state := []tfstate.Resource{{Address: "aws_cloudtrail.main", Type: "aws_cloudtrail", ID: id, Region: "us-east-1",
			Values: map[string]any{"id": id, "name": "main", "arn": arn}}}
		if got := Compare(state, nil, nil, swept, CompareOptions{}); len(got) != 0 {
			t.Errorf("state id %q: %+v; want the swept trail managed", id, got)
		}
	}
}

// A secret's policy kept as an aws_secretsmanager_secret_policy is not
// also compared as the secret's policy attribute (which the provider
// leaves as written, or empty, in that case).
func TestCompareSecretPolicyOverlap(t *testing.T) {
	arn := "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"
	live := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
	secret := tfstate.Resource{Address: "aws_secretsmanager_secret.db", Type: "aws_secretsmanager_secret", ID: arn, Region: "us-east-1",
		Values: map[string]any{"id": arn, "arn": arn, "name": "db", "policy": ""}}
	found := []Resource{{Ref: Ref{Type: "aws_secretsmanager_secret", ID: arn, Region: "us-east-1"}, Attrs: map[string]any{"id": arn, "arn": arn, "name": "db", "policy": live}}}
	if got := Compare([]tfstate.Resource{secret}, found, nil, nil, CompareOptions{}); len(got) != 1 || got[0].Kind != Changed {
		t.Fatalf("without a policy resource: %+v; want the secret's policy changed", got)
	}
	policy := tfstate.Resource{Address: "aws_secretsmanager_secret_policy.db", Type: "aws_secretsmanager_secret_policy", ID: arn, Region: "us-east-1",
		Values: map[string]any{"id": arn, "secret_arn": arn, "policy": live}}
	if got := Compare([]tfstate.Resource{secret, policy}, found, nil, nil, CompareOptions{}); len(got) != 0 {
		t.Fatalf("with an aws_secretsmanager_secret_policy: %+v; want the secret's policy attribute left to it", got)
	}
}
