# Least-privilege network paths. Every process role has its own security group:
# only the load balancer reaches a service's port, only roles that use a data
# store reach it, and outbound internet is limited to HTTPS (SSM, S3, npm,
# Stripe, the issuer's keys through the load balancer), HTTP (Debian mirrors;
# apt checks signatures) and, for the notifier, the mail relay.

resource "aws_security_group" "role" {
  for_each = local.process_roles

  name        = "${local.name}-${each.key}"
  description = "Instances of the ${each.key} process role"
  vpc_id      = module.network.vpc_id

  tags = { Name = "${local.name}-${each.key}", Role = each.key }
}

locals {
  alb_paths = flatten([
    for role, r in local.http_roles : [
      for port in distinct([r.port, r.health_port]) : { key = "${role}-${port}", role = role, port = port }
    ]
  ])

  store_ports = {
    postgres = 5432
    redis    = 6379
    rabbitmq = 5671
  }

  store_security_groups = {
    postgres = module.postgres.security_group_id
    redis    = module.redis.security_group_id
    rabbitmq = module.rabbitmq.security_group_id
  }

  store_paths = flatten([
    for role, r in local.process_roles : [
      for store in r.stores : { key = "${role}-${store}", role = role, store = store } if store != "smtp"
    ]
  ])

  internet_paths = flatten([
    for role, r in local.process_roles : concat(
      [
        { key = "${role}-https", role = role, port = 443, why = "HTTPS: SSM, S3, npm registry, payment provider, issuer keys" },
        { key = "${role}-http", role = role, port = 80, why = "HTTP: Debian package mirrors (signed)" },
      ],
      contains(r.stores, "smtp") ? [{ key = "${role}-smtp", role = role, port = var.smtp_port, why = "SMTP relay" }] : [],
    )
  ])
}

# --- load balancer to services ------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "from_alb" {
  for_each = { for p in local.alb_paths : p.key => p }

  security_group_id            = aws_security_group.role[each.value.role].id
  referenced_security_group_id = module.load_balancer.security_group_id
  description                  = "Load balancer to ${each.value.role}"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
}

resource "aws_vpc_security_group_egress_rule" "alb_to_role" {
  for_each = { for p in local.alb_paths : p.key => p }

  security_group_id            = module.load_balancer.security_group_id
  referenced_security_group_id = aws_security_group.role[each.value.role].id
  description                  = "To ${each.value.role}"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
}

# --- process roles to data stores -----------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "store_from_role" {
  for_each = { for p in local.store_paths : p.key => p }

  security_group_id            = local.store_security_groups[each.value.store]
  referenced_security_group_id = aws_security_group.role[each.value.role].id
  description                  = "${each.value.role} to ${each.value.store}"
  ip_protocol                  = "tcp"
  from_port                    = local.store_ports[each.value.store]
  to_port                      = local.store_ports[each.value.store]
}

resource "aws_vpc_security_group_egress_rule" "role_to_store" {
  for_each = { for p in local.store_paths : p.key => p }

  security_group_id            = aws_security_group.role[each.value.role].id
  referenced_security_group_id = local.store_security_groups[each.value.store]
  description                  = "To ${each.value.store}"
  ip_protocol                  = "tcp"
  from_port                    = local.store_ports[each.value.store]
  to_port                      = local.store_ports[each.value.store]
}

# --- outbound internet (through the NAT gateways) ---------------------------------

resource "aws_vpc_security_group_egress_rule" "internet" {
  for_each = { for p in local.internet_paths : p.key => p }

  security_group_id = aws_security_group.role[each.value.role].id
  cidr_ipv4         = "0.0.0.0/0"
  description       = each.value.why
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
}

# --- Keycloak cluster: Infinispan over JGroups (7800) and its failure detection (57800) ---

resource "aws_vpc_security_group_ingress_rule" "keycloak_cluster" {
  for_each = toset(["7800", "57800"])

  security_group_id            = aws_security_group.role["keycloak"].id
  referenced_security_group_id = aws_security_group.role["keycloak"].id
  description                  = "Keycloak cluster members"
  ip_protocol                  = "tcp"
  from_port                    = tonumber(each.value)
  to_port                      = tonumber(each.value)
}

resource "aws_vpc_security_group_egress_rule" "keycloak_cluster" {
  for_each = toset(["7800", "57800"])

  security_group_id            = aws_security_group.role["keycloak"].id
  referenced_security_group_id = aws_security_group.role["keycloak"].id
  description                  = "Keycloak cluster members"
  ip_protocol                  = "tcp"
  from_port                    = tonumber(each.value)
  to_port                      = tonumber(each.value)
}
