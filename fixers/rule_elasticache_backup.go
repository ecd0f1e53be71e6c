package fixers

import (
	"fmt"

	"github.com/driftfix/driftfix/iac"
)

// elasticacheBackup: a Redis cache cluster keeps daily snapshots, so its
// data survives a node failure or a bad FLUSHALL.
var elasticacheBackup = Rule{Meta: elasticacheBackupMeta, Check: checkElasticacheBackup}

// elasticacheFixSnapshotDays is the retention the fix writes.
const elasticacheFixSnapshotDays = 7

var elasticacheBackupMeta = Meta{
	ID:            "aws-elasticache-backup",
	Title:         "ElastiCache Redis cluster keeps no snapshots",
	Severity:      Medium,
	Class:         ClassDeletionProtection,
	ResourceTypes: []string{"aws_elasticache_cluster"},
	Touches: []Touch{
		{ResourceType: "aws_elasticache_cluster", Paths: []string{"snapshot_retention_limit"}, Safe: SafeMin(elasticacheFixSnapshotDays)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0050", Tfsec: "aws-elasticache-enable-backup-retention", Checkov: "CKV_AWS_134"},
}

func checkElasticacheBackup(in *Input) []Finding {
	m := elasticacheBackupMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_elasticache_cluster") {
		b := r.Block
		// Snapshots exist for Redis only, and not on cache.t1.micro; a
		// cluster in a replication group takes the group's setting.
		if e, st := b.String("engine"); st != iac.Known || e != "redis" {
			continue
		}
		if t, st := b.String("node_type"); st != iac.Known || t == "cache.t1.micro" || isSet(b, "replication_group_id") {
			continue
		}
		days, st := b.Number("snapshot_retention_limit")
		if st == iac.Unknown || st == iac.Known && days > 0 {
			continue
		}
		msg := "snapshot_retention_limit is not set, so no snapshots are kept"
		if st == iac.Known {
			msg = "snapshot_retention_limit is 0, so no snapshots are kept"
		}
		out = append(out, m.New(r, rangeOf(b, "snapshot_retention_limit"), msg,
			func(ed *iac.Editor) error {
				return ed.SetAttr(m.ID, b, "snapshot_retention_limit", fmt.Sprint(elasticacheFixSnapshotDays))
			}, ""))
	}
	return out
}
