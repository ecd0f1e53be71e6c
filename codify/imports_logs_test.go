package codify_test

import (
	"strings"
	"testing"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/codify"
)

// The secrets and logging family: a block with the identifying, required
// attributes and tags where one is safe; for a parameter only the import
// block (its value is required and never read); nothing secret in the
// file.
func TestImportsLogsFamily(t *testing.T) {
	secretARN := "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"
	live := []cloud.Resource{
		{Ref: cloud.Ref{Type: "aws_secretsmanager_secret", ID: secretARN, Region: "us-east-1"},
			Attrs: map[string]any{"id": secretARN, "arn": secretARN, "name": "db", "description": "db password", "kms_key_id": "", "tags": map[string]any{"team": "app"}}},
		{Ref: cloud.Ref{Type: "aws_ssm_parameter", ID: "/app/token", Region: "us-east-1"},
			Attrs: map[string]any{"id": "/app/token", "name": "/app/token", "type": "SecureString", "version": float64(3)}},
		{Ref: cloud.Ref{Type: "aws_cloudwatch_metric_alarm", ID: "cpu-high", Region: "us-east-1"},
			Attrs: map[string]any{"id": "cpu-high", "alarm_name": "cpu-high", "comparison_operator": "GreaterThanThreshold", "evaluation_periods": float64(2),
				"metric_name": "CPUUtilization", "namespace": "AWS/EC2", "period": float64(60), "statistic": "Average", "threshold": float64(80),
				"dimensions": map[string]any{"InstanceId": "i-1"}}},
		{Ref: cloud.Ref{Type: "aws_s3_account_public_access_block", ID: "123456789012"},
			Attrs: map[string]any{"id": "123456789012", "account_id": "123456789012", "block_public_acls": true, "block_public_policy": true,
				"ignore_public_acls": true, "restrict_public_buckets": false}},
	}
	var drifts []cloud.Drift
	for _, r := range live {
		drifts = append(drifts, cloud.Drift{Kind: cloud.Unmanaged, Type: r.Type, ID: r.ID, Region: r.Region})
	}
	f, err := codify.Imports(nil, drifts, live, nil)
	if err != nil {
		t.Fatal(err)
	}
	src := string(f.Src)
	for _, want := range []string{
		`resource "aws_secretsmanager_secret" "db_abcdef" {`, `name        = "db"`, `id = "` + secretARN + `"`,
		`alarm_name          = "cpu-high"`, `threshold           = 80`, `InstanceId = "i-1"`,
		`restrict_public_buckets = false`, `id = "123456789012"`,
		`id = "/app/token"`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("the file lacks %s:\n%s", want, src)
		}
	}
	if strings.Contains(src, `resource "aws_ssm_parameter"`) {
		t.Errorf("a parameter block without its value would not be valid:\n%s", src)
	}
	for _, r := range f.Resources {
		if r.Generated != (r.Type != "aws_ssm_parameter") {
			t.Errorf("%s: generated=%v (%s)", r.Type, r.Generated, r.Reason)
		}
	}
}
