locals {
  name         = "${var.project}-${var.environment}"
  param_prefix = "/${var.project}/${var.environment}"
  public_url   = "https://${var.domain_name}"

  tags = {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
  }

  azs = slice(data.aws_availability_zones.available.names, 0, var.az_count)

  instance_types = {
    arm64  = { small = "t4g.small", compute = "c7g.large", memory = "m7g.large" }
    x86_64 = { small = "t3.small", compute = "c7i.large", memory = "m7i.large" }
  }

  # One launch template and autoscaling group per process role. The same table
  # (names, entry files, ports) is in ansible/group_vars/all/process-roles.yml.
  #   port:       what the load balancer forwards to (null: not behind it)
  #   scaling:    "http" tracks ALB requests per target and CPU; "fixed" keeps min = max
  #   stores:     which data stores the role's security group may reach
  #   env_groups: SSM parameter groups under <prefix>/env/ the role may read
  process_role_defaults = {
    "waiting-room" = {
      port                 = 4001
      health_port          = 4001
      health_path          = "/health"
      scaling              = "http"
      size                 = "compute"
      min_size             = 2
      max_size             = 12
      request_count_target = 20000
      cpu_target           = 60
      stores               = ["postgres", "redis", "rabbitmq"]
      env_groups           = ["shared", "postgres-reader", "redis", "rabbitmq", "admission"]
    }
    booking = {
      port                 = 4002
      health_port          = 4002
      health_path          = "/health"
      scaling              = "http"
      size                 = "compute"
      min_size             = 2
      max_size             = 10
      request_count_target = 6000
      cpu_target           = 60
      stores               = ["postgres"]
      env_groups           = ["shared", "postgres-writer", "tickets", "stripe"]
    }
    "booking-relay" = {
      port                 = null
      health_port          = null
      health_path          = null
      scaling              = "fixed"
      size                 = "small"
      min_size             = 2
      max_size             = 2
      request_count_target = null
      cpu_target           = null
      stores               = ["postgres", "rabbitmq"]
      env_groups           = ["shared", "postgres-writer", "rabbitmq"]
    }
    "booking-sweeper" = {
      port                 = null
      health_port          = null
      health_path          = null
      scaling              = "fixed"
      size                 = "small"
      min_size             = 1
      max_size             = 1
      request_count_target = null
      cpu_target           = null
      stores               = ["postgres"]
      env_groups           = ["shared", "postgres-writer"]
    }
    "booking-payments" = {
      port                 = null
      health_port          = null
      health_path          = null
      scaling              = "fixed"
      size                 = "small"
      min_size             = 2
      max_size             = 2
      request_count_target = null
      cpu_target           = null
      stores               = ["postgres", "rabbitmq"]
      env_groups           = ["shared", "postgres-writer", "rabbitmq", "tickets", "stripe"]
    }
    catalog = {
      port                 = 4003
      health_port          = 4003
      health_path          = "/health"
      scaling              = "http"
      size                 = "compute"
      min_size             = 2
      max_size             = 10
      request_count_target = 20000
      cpu_target           = 60
      stores               = ["postgres", "redis", "rabbitmq"]
      env_groups           = ["shared", "postgres-reader", "redis", "rabbitmq"]
    }
    admin = {
      port                 = 4004
      health_port          = 4004
      health_path          = "/health"
      scaling              = "http"
      size                 = "compute"
      min_size             = 2
      max_size             = 4
      request_count_target = 3000
      cpu_target           = 60
      stores               = ["postgres", "redis", "rabbitmq"]
      env_groups           = ["shared", "postgres-writer", "redis", "rabbitmq", "tickets"]
    }
    notifier = {
      port                 = null
      health_port          = 4006
      health_path          = "/health"
      scaling              = "fixed"
      size                 = "small"
      min_size             = 2
      max_size             = 2
      request_count_target = null
      cpu_target           = null
      stores               = ["postgres", "redis", "rabbitmq", "smtp"]
      env_groups           = ["shared", "postgres-reader", "redis", "rabbitmq", "tickets", "mail"]
    }
    site = {
      port                 = 4321
      health_port          = 4321
      health_path          = "/"
      scaling              = "http"
      size                 = "compute"
      min_size             = 2
      max_size             = 8
      request_count_target = 10000
      cpu_target           = 60
      stores               = []
      env_groups           = ["shared"]
    }
    keycloak = {
      port                 = 8080
      health_port          = 9000
      health_path          = "/health/ready"
      scaling              = "http"
      size                 = "memory"
      min_size             = 2
      max_size             = 4
      request_count_target = null
      cpu_target           = 50
      stores               = ["postgres"]
      env_groups           = ["keycloak"]
    }
  }

  process_roles = {
    for role, d in local.process_role_defaults : role => merge(d, {
      instance_type        = coalesce(try(var.process_groups[role].instance_type, null), local.instance_types[var.architecture][d.size])
      min_size             = coalesce(try(var.process_groups[role].min_size, null), d.min_size)
      max_size             = d.scaling == "fixed" ? coalesce(try(var.process_groups[role].min_size, null), d.min_size) : coalesce(try(var.process_groups[role].max_size, null), d.max_size)
      request_count_target = d.request_count_target == null ? null : coalesce(try(var.process_groups[role].request_count_target, null), d.request_count_target)
      cpu_target           = d.cpu_target == null ? null : coalesce(try(var.process_groups[role].cpu_target, null), d.cpu_target)
    })
  }

  # Path patterns per service on domain_name; the site answers everything else.
  # Keycloak's admin console (/admin) is deliberately not routed: reach it through
  # an SSM port forward (see README.md).
  default_route_paths = {
    keycloak       = ["/realms/*", "/resources/*"]
    "waiting-room" = ["/drops/*/queue", "/drops/*/queue/*", "/drops/*/fairness", "/drops/*/stats", "/.well-known/jwks.json"]
    booking        = ["/holds", "/holds/*", "/orders", "/orders/*", "/payments/*", "/me/orders*", "/me/tickets*"]
    catalog        = ["/events", "/events/*"]
    admin          = ["/admin/*", "/organizer/*", "/gate/*", "/scans", "/scans/*"]
  }
  route_paths = merge(local.default_route_paths, var.route_paths)

  # Rule priorities: lower wins; services are checked in this order.
  route_order = ["keycloak", "waiting-room", "booking", "catalog", "admin"]

  http_roles = { for role, r in local.process_roles : role => r if r.port != null }
}

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_ami" "debian" {
  count       = var.ami_id == "" ? 1 : 0
  most_recent = true
  owners      = ["136693071363"] # Debian's official cloud image account

  filter {
    name   = "name"
    values = ["debian-13-${var.architecture == "arm64" ? "arm64" : "amd64"}-*"]
  }

  filter {
    name   = "architecture"
    values = [var.architecture]
  }
}
