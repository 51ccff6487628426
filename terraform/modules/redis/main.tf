# ElastiCache for Redis OSS with cluster mode enabled. The waiting room keeps a
# drop under one hash tag ({drop:<id>}), so each drop's Lua scripts run on one
# shard and drops spread over shards. Encrypted in transit (rediss://) and at rest.

resource "aws_security_group" "this" {
  name        = "${var.name}-redis"
  description = "Redis; process roles are admitted by the root module"
  vpc_id      = var.vpc_id

  tags = { Name = "${var.name}-redis" }
}

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.name
  description          = "Ticketing waiting room, catalog cache, notifier dedupe"

  engine               = "redis"
  engine_version       = var.engine_version
  node_type            = var.node_type
  port                 = 6379
  parameter_group_name = "default.redis7.cluster.on"

  cluster_mode            = "enabled"
  num_node_groups         = var.shards
  replicas_per_node_group = var.replicas_per_shard

  automatic_failover_enabled = true
  multi_az_enabled           = true

  subnet_group_name  = aws_elasticache_subnet_group.this.name
  security_group_ids = [aws_security_group.this.id]

  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
  auth_token                 = var.auth_token

  snapshot_retention_limit   = 3
  snapshot_window            = "02:00-03:00"
  maintenance_window         = "sun:05:00-sun:06:00"
  auto_minor_version_upgrade = true
  apply_immediately          = false
}
