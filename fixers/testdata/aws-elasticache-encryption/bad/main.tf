resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "sessions"
  node_type            = "cache.r6g.large"
}

resource "aws_elasticache_replication_group" "queue" {
  replication_group_id       = "queue"
  description                = "queue"
  node_type                  = "cache.r6g.large"
  at_rest_encryption_enabled = false
  transit_encryption_enabled = false
}
