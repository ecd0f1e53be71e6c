package fixers

import (
	"github.com/driftfix/driftfix/iac"
)

// cloudwatchLogRetention: a CloudWatch log group expires its events instead
// of keeping them (and paying for them) forever.
var cloudwatchLogRetention = Rule{Meta: cloudwatchLogRetentionMeta, Check: checkCloudwatchLogRetention}

// logRetentionDays is the retention the fix writes: one year, what CIS, AWS
// Config (cw-loggroup-retention-period-check) and checkov CKV_AWS_338 ask for.
const logRetentionDays = "365"

var cloudwatchLogRetentionMeta = Meta{
	ID:            "aws-cloudwatch-log-retention",
	Title:         "CloudWatch log group never expires its events",
	Severity:      Low,
	Class:         ClassLogging,
	ResourceTypes: []string{"aws_cloudwatch_log_group"},
	Touches: []Touch{
		{ResourceType: "aws_cloudwatch_log_group", Paths: []string{"retention_in_days"}, Safe: SafeMin(365)},
	},
	Refs: Refs{Checkov: "CKV_AWS_66"},
}

func checkCloudwatchLogRetention(in *Input) []Finding {
	m := cloudwatchLogRetentionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_cloudwatch_log_group") {
		days, st := r.Block.Number("retention_in_days")
		var msg string
		switch {
		case st == iac.Absent:
			msg = "log group has no retention_in_days, so its events never expire"
		case st == iac.Known && days == 0:
			msg = "retention_in_days is 0, so the log group's events never expire"
		default:
			continue
		}
		b := r.Block
		out = append(out, m.New(r, rangeOf(b, "retention_in_days"), msg,
			func(ed *iac.Editor) error { return ed.SetAttr(m.ID, b, "retention_in_days", logRetentionDays) }, ""))
	}
	return out
}
