package fixers

import (
	"github.com/driftfix/driftfix/iac"
)

// dynamodbPITR: a DynamoDB table keeps continuous backups, so it can be
// restored to any second of the last 35 days after a bad write or delete.
var dynamodbPITR = Rule{Meta: dynamodbPITRMeta, Check: checkDynamodbPITR}

var dynamodbPITRMeta = Meta{
	ID:            "aws-dynamodb-pitr",
	Title:         "DynamoDB table has no point-in-time recovery",
	Severity:      Medium,
	Class:         ClassDeletionProtection,
	ResourceTypes: []string{"aws_dynamodb_table"},
	Touches: []Touch{
		{ResourceType: "aws_dynamodb_table", Paths: []string{"point_in_time_recovery[0].enabled"}, Safe: SafeIs(true)},
		// recovery_period_in_days is computed (35 days, the most AWS keeps)
		// once recovery is on; fewer days keep less.
		{ResourceType: "aws_dynamodb_table", Paths: []string{"point_in_time_recovery[0].recovery_period_in_days"}, Safe: SafeMin(35)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0024", Tfsec: "aws-dynamodb-enable-recovery", Checkov: "CKV_AWS_28"},
}

func checkDynamodbPITR(in *Input) []Finding {
	m := dynamodbPITRMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_dynamodb_table") {
		b := r.Block
		if b.HasDynamic("point_in_time_recovery") {
			continue // whether the block exists, and what it says, is not static
		}
		fix := func(ed *iac.Editor) error {
			return setNested(ed, m.ID, b, "point_in_time_recovery", "enabled", "true")
		}
		pitr := b.First("point_in_time_recovery")
		if pitr == nil {
			out = append(out, m.New(r, nil, "table has no point_in_time_recovery block", fix, ""))
			continue
		}
		enabled, st := pitr.Bool("enabled")
		switch {
		case st == iac.Absent:
			out = append(out, m.New(r, blockRange(pitr), "point_in_time_recovery does not set enabled (default false)", fix, ""))
		case st == iac.Known && !enabled:
			out = append(out, m.New(r, rangeOf(pitr, "enabled"), "point-in-time recovery is disabled", fix, ""))
		}
	}
	return out
}
