resource "aws_elasticache_cluster" "cache" {
  cluster_id               = "cache"
  engine                   = "redis"
  node_type                = "cache.m6g.large"
  num_cache_nodes          = 1
  snapshot_retention_limit = 5
}

# memcached keeps no snapshots.
resource "aws_elasticache_cluster" "memo" {
  cluster_id      = "memo"
  engine          = "memcached"
  node_type       = "cache.m6g.large"
  num_cache_nodes = 2
}
