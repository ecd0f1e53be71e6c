package fixers

import "github.com/driftfix/driftfix/iac"

// rdsReplica reports whether an aws_db_instance (replicate_source_db) or an
// aws_rds_cluster (replication_source_identifier) is a read replica. A
// replica takes its encryption from its source, and trivy leaves replicas
// out of its backup retention check; the finding belongs to the source.
func rdsReplica(r *iac.Resource) bool {
	if r.Type == "aws_rds_cluster" {
		return isSet(r.Block, "replication_source_identifier")
	}
	return isSet(r.Block, "replicate_source_db")
}

// rdsRestored reports whether the database is restored from a snapshot or to
// a point in time. Settings left unset are then inherited from the source,
// which the code does not show.
func rdsRestored(r *iac.Resource) bool {
	return isSet(r.Block, "snapshot_identifier") || r.Block.First("restore_to_point_in_time") != nil
}
