# Configuration and secrets in SSM Parameter Store, under /<project>/<environment>/:
#
#   env/<group>/<VARIABLE>  becomes VARIABLE in the environment file of every
#                           process role that reads <group> (local.process_roles)
#   secret/...              passwords only Ansible's database role needs
#   deploy/...              facts Ansible and the first-boot script need
#
# Generated passwords are stored in Terraform state as well: keep the state in
# the encrypted backend bucket. The RDS administrative password is managed by
# RDS in Secrets Manager and never appears here.
#
# Secrets Terraform cannot generate are put by hand, under the same paths (see
# README.md): env/admission/ADMISSION_SIGNING_KEYS, env/tickets/TICKET_SIGNING_KEY,
# env/stripe/*, env/mail/SMTP_URL and env/mail/MAIL_FROM.

resource "aws_kms_key" "parameters" {
  description             = "${local.name} SSM SecureString parameters"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "parameters" {
  name          = "alias/${local.name}-parameters"
  target_key_id = aws_kms_key.parameters.key_id
}

resource "random_password" "db_app" {
  length  = 40
  special = false
}

resource "random_password" "db_reader" {
  length  = 40
  special = false
}

resource "random_password" "db_keycloak" {
  length  = 40
  special = false
}

# ElastiCache AUTH tokens and Amazon MQ passwords forbid several punctuation
# characters; letters and digits also keep the URLs free of escaping.
resource "random_password" "redis" {
  length  = 64
  special = false
}

resource "random_password" "rabbitmq" {
  length  = 40
  special = false
}

resource "random_password" "keycloak_admin" {
  length  = 32
  special = false
}

resource "random_password" "keycloak_services_client" {
  length  = 48
  special = false
}

locals {
  db_endpoint = "${module.postgres.address}:${module.postgres.port}"

  plain_parameters = {
    "env/shared/NODE_ENV"           = "production"
    "env/shared/LOG_LEVEL"          = var.log_level
    "env/shared/OIDC_ISSUER"        = "${local.public_url}/realms/ticketing"
    "env/shared/OIDC_AUDIENCE"      = "ticketing-api"
    "env/shared/ADMISSION_JWKS_URL" = "${local.public_url}/.well-known/jwks.json"
    # One origin, routed by path: every service's public URL is the same.
    "env/shared/WAITING_ROOM_URL" = local.public_url
    "env/shared/BOOKING_URL"      = local.public_url
    "env/shared/CATALOG_URL"      = local.public_url
    "env/shared/ADMIN_URL"        = local.public_url
    "env/shared/SITE_URL"         = local.public_url

    # The cache runs in cluster mode: the services discover its shards from the configuration endpoint.
    "env/redis/REDIS_CLUSTER_NODES" = "${module.redis.configuration_endpoint}:${module.redis.port}"

    "env/keycloak/KC_DB_USERNAME"              = "keycloak"
    "env/keycloak/KC_BOOTSTRAP_ADMIN_USERNAME" = "bootstrap-admin"

    "deploy/public_url"           = local.public_url
    "deploy/domain_name"          = var.domain_name
    "deploy/artifacts_bucket"     = aws_s3_bucket.artifacts.bucket
    "deploy/ssm_transfer_bucket"  = aws_s3_bucket.ssm_transfer.bucket
    "deploy/db_address"           = module.postgres.address
    "deploy/db_port"              = tostring(module.postgres.port)
    "deploy/db_name"              = module.postgres.database_name
    "deploy/db_master_secret_arn" = module.postgres.master_secret_arn
  }

  target_group_parameters = {
    for role, arn in module.load_balancer.target_group_arns : "deploy/target_group/${role}" => arn
  }

  # Names only: for_each keys must not derive from the (sensitive) values.
  secure_parameter_names = toset([
    "env/postgres-writer/DATABASE_URL",
    "env/postgres-reader/DATABASE_URL",
    "env/redis/REDIS_URL",
    "env/rabbitmq/AMQP_URL",
    "env/keycloak/KC_DB_PASSWORD",
    "env/keycloak/KC_BOOTSTRAP_ADMIN_PASSWORD",
    "secret/postgres/app_password",
    "secret/postgres/reader_password",
    "secret/postgres/keycloak_password",
    "secret/keycloak/services_client_secret",
  ])

  secure_parameter_values = {
    "env/postgres-writer/DATABASE_URL"         = "postgres://ticketing:${random_password.db_app.result}@${local.db_endpoint}/${module.postgres.database_name}?sslmode=verify-full"
    "env/postgres-reader/DATABASE_URL"         = "postgres://ticketing_reader:${random_password.db_reader.result}@${local.db_endpoint}/${module.postgres.database_name}?sslmode=verify-full"
    "env/redis/REDIS_URL"                      = "rediss://:${random_password.redis.result}@${module.redis.configuration_endpoint}:${module.redis.port}"
    "env/rabbitmq/AMQP_URL"                    = replace(module.rabbitmq.amqps_endpoint, "amqps://", "amqps://ticketing:${random_password.rabbitmq.result}@")
    "env/keycloak/KC_DB_PASSWORD"              = random_password.db_keycloak.result
    "env/keycloak/KC_BOOTSTRAP_ADMIN_PASSWORD" = random_password.keycloak_admin.result
    "secret/postgres/app_password"             = random_password.db_app.result
    "secret/postgres/reader_password"          = random_password.db_reader.result
    "secret/postgres/keycloak_password"        = random_password.db_keycloak.result
    "secret/keycloak/services_client_secret"   = random_password.keycloak_services_client.result
  }
}

resource "aws_ssm_parameter" "plain" {
  for_each = local.plain_parameters

  name  = "${local.param_prefix}/${each.key}"
  type  = "String"
  value = each.value
}

resource "aws_ssm_parameter" "deploy" {
  for_each = local.target_group_parameters

  name  = "${local.param_prefix}/${each.key}"
  type  = "String"
  value = each.value
}

resource "aws_ssm_parameter" "secure" {
  for_each = local.secure_parameter_names

  name   = "${local.param_prefix}/${each.key}"
  type   = "SecureString"
  key_id = aws_kms_key.parameters.arn
  value  = local.secure_parameter_values[each.key]
}
