# One process role: a launch template and an autoscaling group spread over the
# private subnets. A new instance configures itself on first boot (user data runs
# the Ansible bootstrap playbook for the current release) while a launch
# lifecycle hook keeps it out of service; it completes the hook when done, or is
# abandoned and replaced when it fails or times out.

resource "aws_launch_template" "this" {
  name_prefix            = "${var.name}-"
  image_id               = var.ami_id
  instance_type          = var.instance_type
  vpc_security_group_ids = var.security_group_ids
  user_data              = base64encode(var.user_data)
  update_default_version = true

  iam_instance_profile {
    arn = var.instance_profile_arn
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "enabled"
  }

  monitoring {
    enabled = true
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_type           = "gp3"
      volume_size           = var.root_volume_size
      encrypted             = true
      delete_on_termination = true
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(var.tags, { Name = var.name, Role = var.role })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(var.tags, { Name = var.name, Role = var.role })
  }
}

resource "aws_autoscaling_group" "this" {
  name                      = var.name
  vpc_zone_identifier       = var.subnet_ids
  min_size                  = var.min_size
  max_size                  = var.max_size
  target_group_arns         = var.target_group_arns
  health_check_type         = var.health_check_type
  health_check_grace_period = 120
  default_instance_warmup   = 120
  # Before the first deploy no release exists; do not hold `terraform apply` hostage to it.
  wait_for_capacity_timeout = "0"
  enabled_metrics           = ["GroupInServiceInstances", "GroupDesiredCapacity", "GroupPendingInstances", "GroupTerminatingInstances"]

  launch_template {
    id      = aws_launch_template.this.id
    version = aws_launch_template.this.latest_version
  }

  initial_lifecycle_hook {
    name                 = "bootstrap"
    lifecycle_transition = "autoscaling:EC2_INSTANCE_LAUNCHING"
    default_result       = "ABANDON"
    heartbeat_timeout    = var.bootstrap_timeout
  }

  # A changed launch template (AMI, type, user data) rolls through the group.
  instance_refresh {
    strategy = "Rolling"

    preferences {
      min_healthy_percentage = 90
      max_healthy_percentage = 200
    }
  }

  tag {
    key                 = "Name"
    value               = var.name
    propagate_at_launch = false
  }

  tag {
    key                 = "Role"
    value               = var.role
    propagate_at_launch = false
  }

  lifecycle {
    precondition {
      condition     = var.min_size <= var.max_size
      error_message = "min_size of ${var.role} exceeds its max_size."
    }
  }
}

resource "aws_autoscaling_policy" "requests" {
  count = var.request_count_target == null ? 0 : 1

  name                   = "${var.name}-requests"
  autoscaling_group_name = aws_autoscaling_group.this.name
  policy_type            = "TargetTrackingScaling"

  target_tracking_configuration {
    target_value = var.request_count_target

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = var.request_count_resource_label
    }
  }
}

resource "aws_autoscaling_policy" "cpu" {
  count = var.cpu_target == null ? 0 : 1

  name                   = "${var.name}-cpu"
  autoscaling_group_name = aws_autoscaling_group.this.name
  policy_type            = "TargetTrackingScaling"

  target_tracking_configuration {
    target_value = var.cpu_target

    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
  }
}
