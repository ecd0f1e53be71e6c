resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "sessions"
  node_type                  = "cache.r6g.large"
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
}
