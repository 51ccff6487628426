output "amqps_endpoint" {
  description = "amqps://host:5671 of the broker (one endpoint; a cluster sits behind it)."
  value       = aws_mq_broker.this.instances[0].endpoints[0]
}

output "console_url" {
  description = "RabbitMQ management console (reachable from inside the VPC)."
  value       = aws_mq_broker.this.instances[0].console_url
}

output "security_group_id" {
  description = "Security group of the broker."
  value       = aws_security_group.this.id
}
