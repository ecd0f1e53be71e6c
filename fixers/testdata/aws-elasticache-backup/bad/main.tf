resource "aws_elasticache_cluster" "cache" {
  cluster_id      = "cache"
  engine          = "redis"
  node_type       = "cache.m6g.large"
  num_cache_nodes = 1
}

resource "aws_elasticache_cluster" "sessions" {
  cluster_id               = "sessions"
  engine                   = "redis"
  node_type                = "cache.m6g.large"
  num_cache_nodes          = 1
  snapshot_retention_limit = 0
}
