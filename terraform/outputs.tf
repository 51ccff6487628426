output "load_balancer_dns_name" {
  description = "Point domain_name at this (CNAME, or a Route 53 alias with load_balancer_zone_id)."
  value       = module.load_balancer.dns_name
}

output "load_balancer_zone_id" {
  description = "Hosted zone of the load balancer, for a Route 53 alias record."
  value       = module.load_balancer.zone_id
}

output "public_url" {
  description = "Where fans, organizers and the k6 scenarios (BASE_URL) reach the platform."
  value       = local.public_url
}

output "oidc_issuer" {
  description = "Keycloak realm issuer (k6 ISSUER, OIDC_ISSUER of the services)."
  value       = "${local.public_url}/realms/ticketing"
}

output "parameter_prefix" {
  description = "SSM path of this environment's configuration; Ansible derives it from ticketing_env."
  value       = local.param_prefix
}

output "artifacts_bucket" {
  description = "Bucket holding release tarballs and Ansible bundles."
  value       = aws_s3_bucket.artifacts.bucket
}

output "ssm_transfer_bucket" {
  description = "Bucket the Ansible SSM connection moves files through."
  value       = aws_s3_bucket.ssm_transfer.bucket
}

output "autoscaling_groups" {
  description = "Autoscaling group name per process role."
  value       = { for role, g in module.process_group : role => g.autoscaling_group_name }
}

output "database_address" {
  description = "Host name of the PostgreSQL database (private)."
  value       = module.postgres.address
}

output "database_master_secret_arn" {
  description = "Secrets Manager secret with the RDS administrative credentials."
  value       = module.postgres.master_secret_arn
}

output "redis_configuration_endpoint" {
  description = "ElastiCache cluster configuration endpoint (private)."
  value       = module.redis.configuration_endpoint
}

output "rabbitmq_endpoint" {
  description = "Amazon MQ amqps endpoint (private)."
  value       = module.rabbitmq.amqps_endpoint
}

output "rabbitmq_console_url" {
  description = "RabbitMQ management console (reachable from inside the VPC, e.g. through an SSM port forward)."
  value       = module.rabbitmq.console_url
}

output "nat_public_ips" {
  description = "Outbound addresses of the instances (allow-list them at the mail relay or payment provider)."
  value       = module.network.nat_public_ips
}
