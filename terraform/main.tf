# The platform on AWS: a VPC over 2-3 zones, one public load balancer routing by
# path, an autoscaling group per process role, and the managed data stores the
# stateless services coordinate through. See README.md for the deploy order.

module "network" {
  source = "./modules/network"

  name               = local.name
  cidr               = var.vpc_cidr
  azs                = local.azs
  single_nat_gateway = var.single_nat_gateway
}

module "load_balancer" {
  source = "./modules/load-balancer"

  name                = local.name
  vpc_id              = module.network.vpc_id
  subnet_ids          = module.network.public_subnet_ids
  ingress_cidrs       = var.alb_ingress_cidrs
  certificate_arn     = var.certificate_arn
  domain_name         = var.domain_name
  idle_timeout        = var.alb_idle_timeout
  deletion_protection = var.deletion_protection
  routes              = local.route_paths
  route_order         = local.route_order
  default_service     = "site"

  services = {
    for role, r in local.http_roles : role => {
      port        = r.port
      health_port = r.health_port
      health_path = r.health_path
    }
  }
}

module "postgres" {
  source = "./modules/postgres"

  name                  = local.name
  vpc_id                = module.network.vpc_id
  subnet_ids            = module.network.private_subnet_ids
  instance_class        = var.db_instance_class
  engine_version        = var.db_engine_version
  multi_az              = var.db_multi_az
  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = max(var.db_allocated_storage, var.db_max_allocated_storage)
  backup_retention_days = var.db_backup_retention_days
  deletion_protection   = var.deletion_protection
}

module "redis" {
  source = "./modules/redis"

  name               = local.name
  vpc_id             = module.network.vpc_id
  subnet_ids         = module.network.private_subnet_ids
  node_type          = var.redis_node_type
  engine_version     = var.redis_engine_version
  shards             = var.redis_shards
  replicas_per_shard = var.redis_replicas_per_shard
  auth_token         = random_password.redis.result
}

module "rabbitmq" {
  source = "./modules/rabbitmq"

  name            = local.name
  vpc_id          = module.network.vpc_id
  subnet_ids      = module.network.private_subnet_ids
  instance_type   = var.mq_instance_type
  engine_version  = var.mq_engine_version
  deployment_mode = var.mq_deployment_mode
  password        = random_password.rabbitmq.result
}

module "process_group" {
  source   = "./modules/process-group"
  for_each = local.process_roles

  name                 = "${local.name}-${each.key}"
  role                 = each.key
  tags                 = local.tags
  ami_id               = var.ami_id != "" ? var.ami_id : data.aws_ami.debian[0].id
  instance_type        = each.value.instance_type
  subnet_ids           = module.network.private_subnet_ids
  security_group_ids   = [aws_security_group.role[each.key].id]
  instance_profile_arn = aws_iam_instance_profile.role[each.key].arn
  min_size             = each.value.min_size
  max_size             = each.value.max_size
  health_check_type    = each.value.port == null ? "EC2" : var.asg_health_check_type
  target_group_arns    = each.value.port == null ? [] : [module.load_balancer.target_group_arns[each.key]]
  cpu_target           = each.value.cpu_target
  request_count_target = each.value.request_count_target

  request_count_resource_label = each.value.request_count_target == null ? null : "${module.load_balancer.arn_suffix}/${module.load_balancer.target_group_arn_suffixes[each.key]}"

  user_data = templatefile("${path.module}/templates/user-data.sh.tftpl", {
    role             = each.key
    environment      = var.environment
    region           = var.region
    param_prefix     = local.param_prefix
    artifacts_bucket = aws_s3_bucket.artifacts.bucket
    asg_name         = "${local.name}-${each.key}"
  })

  # Instances read their parameters and artifacts on first boot.
  depends_on = [aws_ssm_parameter.plain, aws_ssm_parameter.secure, aws_iam_role_policy.role]
}
