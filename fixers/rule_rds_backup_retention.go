package fixers

import (
	"fmt"

	"github.com/driftfix/driftfix/iac"
)

// rdsBackupRetention: RDS instances and clusters keep automated backups
// (point-in-time recovery) for more than a day.
var rdsBackupRetention = Rule{Meta: rdsBackupRetentionMeta, Check: checkRDSBackupRetention}

// rdsMinBackupDays is the shortest retention that passes: trivy's
// AVD-AWS-0077 fails anything below 2 days, that is the API default of 1
// day, 1 day set explicitly, and 0 (no automated backups at all).
const rdsMinBackupDays = 2

// rdsFixBackupDays is the retention the fix writes: the RDS console's
// default, and the minimum AWS Security Hub asks for (RDS.11).
const rdsFixBackupDays = 7

var rdsBackupRetentionMeta = Meta{
	ID:            "aws-rds-backup-retention",
	Title:         "RDS backup retention is shorter than 2 days",
	Severity:      Medium,
	Class:         ClassDeletionProtection,
	ResourceTypes: []string{"aws_db_instance", "aws_rds_cluster"},
	Touches: []Touch{
		{ResourceType: "aws_db_instance", Paths: []string{"backup_retention_period"}, Safe: SafeMin(rdsFixBackupDays)},
		{ResourceType: "aws_rds_cluster", Paths: []string{"backup_retention_period"}, Safe: SafeMin(rdsFixBackupDays)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0077", Tfsec: "aws-rds-specify-backup-retention", Checkov: "CKV_AWS_133"},
}

func checkRDSBackupRetention(in *Input) []Finding {
	m := rdsBackupRetentionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_db_instance", "aws_rds_cluster") {
		if rdsReplica(r) {
			continue // a replica's backups follow its source (trivy skips them too)
		}
		days, st := r.Block.Number("backup_retention_period")
		var msg string
		switch {
		case st == iac.Unknown:
			continue
		case st == iac.Absent && rdsRestored(r):
			continue // a restore inherits the source's retention
		case st == iac.Absent:
			msg = "backup_retention_period is not set, so automated backups are kept for 1 day"
		case days >= rdsMinBackupDays:
			continue
		case days == 0:
			msg = "backup_retention_period is 0, so automated backups are off"
		default:
			msg = fmt.Sprintf("backup_retention_period is %g, below the minimum of %d days", days, rdsMinBackupDays)
		}
		b := r.Block
		out = append(out, m.New(r, rangeOf(b, "backup_retention_period"), msg,
			func(ed *iac.Editor) error {
				return ed.SetAttr(m.ID, b, "backup_retention_period", fmt.Sprint(rdsFixBackupDays))
			}, ""))
	}
	return out
}
