# Copy to <environment>.tfvars and adjust; then
#   terraform apply -var-file=<environment>.tfvars

environment     = "production"
region          = "eu-west-1"
domain_name     = "tickets.example.com"
certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"

az_count           = 3
single_nat_gateway = false
architecture       = "arm64"

# Switch to "ELB" once the first deploy has run (see README.md).
asg_health_check_type = "EC2"

db_instance_class = "db.m7g.large"
db_multi_az       = true

redis_node_type          = "cache.m7g.large"
redis_shards             = 1
redis_replicas_per_shard = 1

mq_instance_type   = "mq.m5.large"
mq_deployment_mode = "CLUSTER_MULTI_AZ"

# Larger queue fleet for a big drop; everything else keeps its defaults.
process_groups = {
  "waiting-room" = { min_size = 4, max_size = 20 }
  booking        = { min_size = 3, max_size = 12 }
}
