output "configuration_endpoint" {
  description = "Cluster configuration endpoint (host name) clients discover the shards from."
  value       = aws_elasticache_replication_group.this.configuration_endpoint_address
}

output "port" {
  description = "Redis port."
  value       = aws_elasticache_replication_group.this.port
}

output "security_group_id" {
  description = "Security group of the cache."
  value       = aws_security_group.this.id
}
