package policy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/attrpath"
	"github.com/driftfix/driftfix/fixers"
	tfjson "github.com/hashicorp/terraform-json"
)

func create(addr, typ string, after, unknown map[string]any) *tfjson.ResourceChange {
	return &tfjson.ResourceChange{Address: addr, Type: typ, Name: strings.Split(addr, ".")[1], Mode: tfjson.ManagedResourceMode,
		Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionCreate}, After: after, AfterUnknown: unknown}}
}

// allowAll is the most permissive policy there is: every class of the table
// may auto-apply, without a limit. Only high risk stops it.
func allowAll(tb *Table) Policy {
	return Policy{Environment: "dev", AutoApply: tb.Classes()}
}

func pab(v bool) map[string]any {
	return map[string]any{"bucket": "b", "block_public_acls": v, "block_public_policy": v, "ignore_public_acls": v, "restrict_public_buckets": v}
}

// The weakenings, written out by hand: each one moves a control
// away from the value its fix writes. Under the most permissive policy
// each is a review (a regression is high risk), and its opposite, the
// fix's own direction, auto-applies when its class is low.
func TestGateJudgesDirection(t *testing.T) {
	tb := DefaultTable(fixers.All())
	tests := []struct {
		name string
		rc   *tfjson.ResourceChange
		want string // decision under allowAll
	}{
		{"public access block flag true→false", update("aws_s3_bucket_public_access_block.b", "aws_s3_bucket_public_access_block", pab(true), map[string]any{"bucket": "b", "block_public_acls": false, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}, nil), Review},
		{"public access block flags false→true", update("aws_s3_bucket_public_access_block.b", "aws_s3_bucket_public_access_block", pab(false), pab(true), nil), AutoApply},
		{"public access block created with all flags false", create("aws_s3_bucket_public_access_block.b", "aws_s3_bucket_public_access_block", pab(false), map[string]any{"id": true}), Review},
		{"public access block created with all flags true", create("aws_s3_bucket_public_access_block.b", "aws_s3_bucket_public_access_block", pab(true), map[string]any{"id": true}), AutoApply},
		{"versioning Enabled→Suspended", update("aws_s3_bucket_versioning.b", "aws_s3_bucket_versioning", versioning("Enabled"), versioning("Suspended"), nil), Review},
		{"versioning Enabled→Disabled", update("aws_s3_bucket_versioning.b", "aws_s3_bucket_versioning", versioning("Enabled"), versioning("Disabled"), nil), Review},
		{"versioning Suspended→Enabled", update("aws_s3_bucket_versioning.b", "aws_s3_bucket_versioning", versioning("Suspended"), versioning("Enabled"), nil), AutoApply},
		{"versioning created Suspended", create("aws_s3_bucket_versioning.b", "aws_s3_bucket_versioning", versioning("Suspended"), map[string]any{"id": true}), Review},
		{"legacy bucket versioning off", update("aws_s3_bucket.b", "aws_s3_bucket", map[string]any{"versioning": []any{map[string]any{"enabled": true, "mfa_delete": false}}}, map[string]any{"versioning": []any{map[string]any{"enabled": false, "mfa_delete": false}}}, nil), Review},
		{"RDS deletion protection off", update("aws_db_instance.d", "aws_db_instance", map[string]any{"deletion_protection": true}, map[string]any{"deletion_protection": false}, nil), Review},
		{"RDS deletion protection on", update("aws_db_instance.d", "aws_db_instance", map[string]any{"deletion_protection": false}, map[string]any{"deletion_protection": true}, nil), AutoApply},
		{"RDS backups 7→0", update("aws_db_instance.d", "aws_db_instance", map[string]any{"backup_retention_period": 7.0}, map[string]any{"backup_retention_period": 0.0}, nil), Review},
		{"RDS backups 7→1", update("aws_rds_cluster.c", "aws_rds_cluster", map[string]any{"backup_retention_period": 7.0}, map[string]any{"backup_retention_period": 1.0}, nil), Review},
		{"RDS backups 0→3, still short of the fix's 7", update("aws_db_instance.d", "aws_db_instance", map[string]any{"backup_retention_period": 0.0}, map[string]any{"backup_retention_period": 3.0}, nil), Review},
		{"RDS backups 1→7", update("aws_db_instance.d", "aws_db_instance", map[string]any{"backup_retention_period": 1.0}, map[string]any{"backup_retention_period": 7.0}, nil), AutoApply},
		{"RDS backups 14→7, still at least 7", update("aws_db_instance.d", "aws_db_instance", map[string]any{"backup_retention_period": 14.0}, map[string]any{"backup_retention_period": 7.0}, nil), AutoApply},
		{"log retention 365→7", update("aws_cloudwatch_log_group.l", "aws_cloudwatch_log_group", map[string]any{"retention_in_days": 365.0}, map[string]any{"retention_in_days": 7.0}, nil), Review},
		{"log retention never→365", update("aws_cloudwatch_log_group.l", "aws_cloudwatch_log_group", map[string]any{"retention_in_days": 0.0}, map[string]any{"retention_in_days": 365.0}, nil), AutoApply},
		{"point-in-time recovery off", update("aws_dynamodb_table.t", "aws_dynamodb_table", pitr(true), pitr(false), nil), Review},
		{"point-in-time recovery block removed", update("aws_dynamodb_table.t", "aws_dynamodb_table", pitr(true), map[string]any{"point_in_time_recovery": []any{}}, nil), Review},
		{"point-in-time recovery on", update("aws_dynamodb_table.t", "aws_dynamodb_table", pitr(false), pitr(true), nil), AutoApply},
		{"CloudTrail log validation off", update("aws_cloudtrail.t", "aws_cloudtrail", map[string]any{"enable_log_file_validation": true}, map[string]any{"enable_log_file_validation": false}, nil), Review},
		{"CloudTrail single region", update("aws_cloudtrail.t", "aws_cloudtrail", map[string]any{"is_multi_region_trail": true}, map[string]any{"is_multi_region_trail": false}, nil), Review},
		{"SQS encryption off", update("aws_sqs_queue.q", "aws_sqs_queue", map[string]any{"sqs_managed_sse_enabled": true}, map[string]any{"sqs_managed_sse_enabled": false}, nil), Review},
		{"SQS encryption on", update("aws_sqs_queue.q", "aws_sqs_queue", map[string]any{"sqs_managed_sse_enabled": false}, map[string]any{"sqs_managed_sse_enabled": true}, nil), AutoApply},
		{"EBS default encryption off", update("aws_ebs_encryption_by_default.e", "aws_ebs_encryption_by_default", map[string]any{"enabled": true}, map[string]any{"enabled": false}, nil), Review},
		{"EBS volume encryption off", update("aws_ebs_volume.v", "aws_ebs_volume", map[string]any{"encrypted": true}, map[string]any{"encrypted": false}, nil), Review},
		{"SNS key removed", update("aws_sns_topic.t", "aws_sns_topic", map[string]any{"kms_master_key_id": "alias/aws/sns"}, map[string]any{"kms_master_key_id": nil}, nil), Review},
		{"SNS key emptied", update("aws_sns_topic.t", "aws_sns_topic", map[string]any{"kms_master_key_id": "alias/aws/sns"}, map[string]any{"kms_master_key_id": ""}, nil), Review},
		{"SNS key set", update("aws_sns_topic.t", "aws_sns_topic", map[string]any{"kms_master_key_id": nil}, map[string]any{"kms_master_key_id": "alias/aws/sns"}, nil), AutoApply},
		{"KMS rotation off", update("aws_kms_key.k", "aws_kms_key", map[string]any{"enable_key_rotation": true}, map[string]any{"enable_key_rotation": false}, nil), Review},
		{"IMDSv1 back on", update("aws_instance.i", "aws_instance", imds("required"), imds("optional"), nil), Review},
		{"IMDSv2 required", update("aws_instance.i", "aws_instance", imds("optional"), imds("required"), nil), AutoApply},
		{"launch template volume unencrypted", update("aws_launch_template.t", "aws_launch_template", ltEBS("true"), ltEBS("false"), nil), Review},
		{"S3 encryption algorithm to an unknown value", update("aws_s3_bucket_server_side_encryption_configuration.s", "aws_s3_bucket_server_side_encryption_configuration", sse("aws:kms"), sse("none"), nil), Review},
		{"S3 encryption AES256→aws:kms, both safe", update("aws_s3_bucket_server_side_encryption_configuration.s", "aws_s3_bucket_server_side_encryption_configuration", sse("AES256"), sse("aws:kms"), nil), AutoApply},
		{"S3 encryption config created without an algorithm", create("aws_s3_bucket_server_side_encryption_configuration.s", "aws_s3_bucket_server_side_encryption_configuration", sse(""), map[string]any{"id": true}), Review},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{tt.rc}}
			c := Classify(plan, tb)
			d := Gate(c, allowAll(tb), tb, nil)
			if d.Decision != tt.want {
				t.Fatalf("decision %s, want %s; reasons %q; changes %+v", d.Decision, tt.want, d.Reasons, c.Changes)
			}
			if tt.want == Review && !strings.Contains(strings.Join(d.Reasons, "\n"), "regression") {
				t.Errorf("reasons %q do not call it a regression", d.Reasons)
			}
			if tt.want == Review && c.Changes[0].Risk != fixers.RiskHigh {
				t.Errorf("risk %s, want high", c.Changes[0].Risk)
			}
		})
	}
}

func versioning(status string) map[string]any {
	return map[string]any{"bucket": "b", "versioning_configuration": []any{map[string]any{"status": status, "mfa_delete": ""}}}
}

func pitr(on bool) map[string]any {
	return map[string]any{"point_in_time_recovery": []any{map[string]any{"enabled": on}}}
}

func imds(tokens string) map[string]any {
	return map[string]any{"metadata_options": []any{map[string]any{"http_endpoint": "enabled", "http_tokens": tokens}}}
}

func ltEBS(enc string) map[string]any {
	return map[string]any{"block_device_mappings": []any{map[string]any{"device_name": "/dev/xvda", "ebs": []any{map[string]any{"encrypted": enc, "volume_size": 8.0}}}}}
}

func sse(alg string) map[string]any {
	return map[string]any{"bucket": "b", "rule": []any{map[string]any{"apply_server_side_encryption_by_default": []any{map[string]any{"kms_master_key_id": "", "sse_algorithm": alg}}}}}
}

// sample values on each side of a safe side, for generated tests.
func safeSamples(s fixers.Safe) (safe any, unsafe []any) {
	switch s.Kind {
	case fixers.SafeEquals:
		switch v := s.Values[0].(type) {
		case bool:
			return v, []any{!v, nil}
		case string:
			return v, []any{"not-" + v, "", nil}
		}
		return s.Values[0], []any{nil}
	case fixers.SafeAtLeast:
		return s.Min, []any{s.Min - 1, 0.0, nil}
	case fixers.SafeNonEmpty:
		return "alias/aws/x", []any{"", nil}
	}
	return nil, nil
}

// tree builds the smallest value that holds v at path.
func tree(path string, v any) map[string]any {
	steps := attrpath.ParseLenient(path)
	var build func(i int) any
	build = func(i int) any {
		if i == len(steps) {
			return v
		}
		switch steps[i].Kind {
		case attrpath.KeyStep:
			return map[string]any{steps[i].Key: build(i + 1)}
		case attrpath.IndexStep:
			l := make([]any, steps[i].Index+1)
			for j := range l {
				l[j] = map[string]any{}
			}
			l[steps[i].Index] = build(i + 1)
			return l
		}
		return []any{build(i + 1)}
	}
	return build(0).(map[string]any)
}

// Every attribute every rule's fix touches, in both directions, from the
// rules' own metadata: toward the safe side the change is the rule's class
// (and auto-applies under the most permissive policy when that class is
// not high); away from it, to each unsafe value, it is a regression, high
// risk, review. Creates of the resources a fix adds are judged the same way.
func TestEveryTouchedAttributeBothDirections(t *testing.T) {
	tb := DefaultTable(fixers.All())
	pol := allowAll(tb)
	checked, cases := 0, 0
	for _, fx := range fixers.All() {
		for _, tc := range fx.Touches {
			if !tc.Safe.Known() {
				t.Errorf("%s: %s %v declares no safe side", fx.ID, tc.ResourceType, tc.Paths)
				continue
			}
			if tc.Safe.Kind == fixers.SafeAny {
				continue
			}
			creates := false
			for _, p := range tc.Paths {
				creates = creates || p == "*"
			}
			good, bads := safeSamples(tc.Safe)
			for _, p := range tc.Paths {
				if p == "*" {
					continue
				}
				checked++
				addr := tc.ResourceType + ".x"
				for _, bad := range bads {
					cases++
					name := fmt.Sprintf("%s/%s/%s=%v", fx.ID, tc.ResourceType, p, bad)
					toward := Classify(&tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{update(addr, tc.ResourceType, tree(p, bad), tree(p, good), nil)}}, tb)
					ch := toward.Changes[0]
					if len(ch.Regressions) > 0 || !hasClass(ch, fx.Class) {
						t.Errorf("%s toward %v: class %s, regressions %q; want class %s and none", name, good, ch.Class, ch.Regressions, fx.Class)
					}
					d := Gate(toward, pol, tb, nil)
					if wantAuto := tb.Risk(fx.Class) != fixers.RiskHigh; (d.Decision == AutoApply) != wantAuto {
						t.Errorf("%s toward %v: decision %s (%q)", name, good, d.Decision, d.Reasons)
					}
					away := Classify(&tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{update(addr, tc.ResourceType, tree(p, good), tree(p, bad), nil)}}, tb)
					ch = away.Changes[0]
					if len(ch.Regressions) == 0 || ch.Risk != fixers.RiskHigh {
						t.Errorf("%s away to %v: risk %s, regressions %q; want a regression", name, bad, ch.Risk, ch.Regressions)
					}
					if d := Gate(away, pol, tb, nil); d.Decision != Review || !strings.Contains(strings.Join(d.Reasons, "\n"), "regression") {
						t.Errorf("%s away to %v: decision %s (%q)", name, bad, d.Decision, d.Reasons)
					}
					if creates {
						c := Classify(&tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{create(addr, tc.ResourceType, tree(p, bad), nil)}}, tb)
						if d := Gate(c, pol, tb, nil); d.Decision != Review || len(c.Changes[0].Regressions) == 0 {
							t.Errorf("%s created with %v: decision %s (%q)", name, bad, d.Decision, d.Reasons)
						}
					}
				}
			}
		}
	}
	if checked < 25 {
		t.Errorf("only %d touched attributes have a safe side", checked)
	}
	t.Logf("%d touched attributes, %d unsafe values, each judged toward and away from its safe side", checked, cases)
}

// A regression of a value that is sensitive says so without the value.
func TestRegressionHidesSensitiveValues(t *testing.T) {
	tb := DefaultTable(fixers.All())
	rc := update("aws_db_instance.d", "aws_db_instance", map[string]any{"backup_retention_period": 13.0}, map[string]any{"backup_retention_period": 1.0}, nil)
	rc.Change.BeforeSensitive = map[string]any{"backup_retention_period": true}
	rc.Change.AfterSensitive = map[string]any{"backup_retention_period": true}
	c := Classify(&tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{rc}}, tb)
	ch := c.Changes[0]
	if len(ch.Regressions) != 1 || strings.Contains(ch.Regressions[0], "13") || strings.Contains(ch.Regressions[0], "1 ") || !strings.Contains(ch.Regressions[0], "(sensitive)") {
		t.Fatalf("regressions %q", ch.Regressions)
	}
}
