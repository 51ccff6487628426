# Amazon MQ for RabbitMQ: booking's relay publishes with confirms; catalog,
# waiting room and notifier consume. Private, TLS only (amqps on 5671).

resource "aws_security_group" "this" {
  name        = "${var.name}-rabbitmq"
  description = "RabbitMQ; process roles are admitted by the root module"
  vpc_id      = var.vpc_id

  tags = { Name = "${var.name}-rabbitmq" }
}

resource "aws_mq_broker" "this" {
  broker_name        = var.name
  engine_type        = "RabbitMQ"
  engine_version     = var.engine_version
  host_instance_type = var.instance_type
  deployment_mode    = var.deployment_mode

  publicly_accessible        = false
  subnet_ids                 = var.deployment_mode == "SINGLE_INSTANCE" ? [var.subnet_ids[0]] : var.subnet_ids
  security_groups            = [aws_security_group.this.id]
  auto_minor_version_upgrade = true
  apply_immediately          = false

  user {
    username = var.username
    password = var.password
  }

  logs {
    general = true
  }

  maintenance_window_start_time {
    day_of_week = "SUNDAY"
    time_of_day = "05:00"
    time_zone   = "UTC"
  }

  lifecycle {
    precondition {
      condition     = var.deployment_mode == "SINGLE_INSTANCE" || length(var.subnet_ids) >= 3
      error_message = "A CLUSTER_MULTI_AZ broker needs three subnets in three zones (set az_count = 3)."
    }
  }
}
