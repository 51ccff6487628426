# One internet-facing application load balancer for the whole platform. Every
# service shares domain_name and is chosen by path, so the browser talks to one
# origin (no CORS, one certificate); the site answers every path no service claims.

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "Public HTTP(S) into the load balancer"
  vpc_id      = var.vpc_id

  tags = { Name = "${var.name}-alb" }
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  for_each = toset(var.ingress_cidrs)

  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from clients"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_security_group_ingress_rule" "http" {
  for_each = toset(var.ingress_cidrs)

  security_group_id = aws_security_group.alb.id
  description       = "HTTP from clients, redirected to HTTPS"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
}

resource "aws_lb" "this" {
  name                       = substr(var.name, 0, 32)
  load_balancer_type         = "application"
  internal                   = false
  security_groups            = [aws_security_group.alb.id]
  subnets                    = var.subnet_ids
  idle_timeout               = var.idle_timeout
  enable_http2               = true
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
}

locals {
  # Target group names are limited to 32 characters.
  short_names = {
    "waiting-room" = "wroom"
    booking        = "booking"
    catalog        = "catalog"
    admin          = "admin"
    site           = "site"
    keycloak       = "keycloak"
  }

  # A rule holds at most five condition values: the host plus up to three paths.
  rules = flatten([
    for index, service in var.route_order : [
      for chunk_index, paths in chunklist(var.routes[service], 3) : {
        key      = "${service}-${chunk_index}"
        service  = service
        paths    = paths
        priority = (index + 1) * 100 + chunk_index
      }
    ]
  ])
}

resource "aws_lb_target_group" "service" {
  for_each = var.services

  name                 = "${substr(var.name, 0, 23)}-${lookup(local.short_names, each.key, substr(each.key, 0, 8))}"
  vpc_id               = var.vpc_id
  port                 = each.value.port
  protocol             = "HTTP"
  target_type          = "instance"
  deregistration_delay = var.deregistration_delay

  health_check {
    path                = each.value.health_path
    port                = each.value.health_port == each.value.port ? "traffic-port" : tostring(each.value.health_port)
    matcher             = "200"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  # Requests for any other host name.
  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "Not found"
      status_code  = "404"
    }
  }
}

resource "aws_lb_listener_rule" "service" {
  for_each = { for rule in local.rules : rule.key => rule }

  listener_arn = aws_lb_listener.https.arn
  priority     = each.value.priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.service[each.value.service].arn
  }

  condition {
    host_header {
      values = [var.domain_name]
    }
  }

  condition {
    path_pattern {
      values = each.value.paths
    }
  }
}

resource "aws_lb_listener_rule" "default_service" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 50000

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.service[var.default_service].arn
  }

  condition {
    host_header {
      values = [var.domain_name]
    }
  }
}
