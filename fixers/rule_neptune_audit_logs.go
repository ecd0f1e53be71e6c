package fixers

import (
	"slices"
	"strconv"
	"strings"

	"github.com/driftfix/driftfix/iac"
)

// neptuneAuditLogs: a Neptune cluster exports its audit log to CloudWatch
// Logs, so who queried or changed the graph can be found.
var neptuneAuditLogs = Rule{Meta: neptuneAuditLogsMeta, Check: checkNeptuneAuditLogs}

var neptuneAuditLogsMeta = Meta{
	ID:            "aws-neptune-audit-logs",
	Title:         "Neptune cluster does not export audit logs",
	Severity:      Medium,
	Class:         ClassLogging,
	ResourceTypes: []string{"aws_neptune_cluster"},
	Touches: []Touch{
		{ResourceType: "aws_neptune_cluster", Paths: []string{"enable_cloudwatch_logs_exports"}, Safe: SafeSet()},
	},
	Refs: Refs{Trivy: "AVD-AWS-0075", Tfsec: "aws-neptune-enable-log-export", Checkov: "CKV_AWS_101"},
}

func checkNeptuneAuditLogs(in *Input) []Finding {
	m := neptuneAuditLogsMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_neptune_cluster") {
		b := r.Block
		have, st := b.Strings("enable_cloudwatch_logs_exports")
		if st == iac.Unknown || slices.Contains(have, "audit") {
			continue
		}
		list := append(append([]string(nil), have...), "audit")
		quoted := make([]string, len(list))
		for i, t := range list {
			quoted[i] = strconv.Quote(t)
		}
		expr := "[" + strings.Join(quoted, ", ") + "]"
		msg := "enable_cloudwatch_logs_exports is not set, so no audit log is exported"
		if st == iac.Known {
			msg = `enable_cloudwatch_logs_exports leaves out "audit"`
		}
		out = append(out, m.New(r, rangeOf(b, "enable_cloudwatch_logs_exports"), msg,
			func(ed *iac.Editor) error { return ed.SetAttr(m.ID, b, "enable_cloudwatch_logs_exports", expr) }, ""))
	}
	return out
}
