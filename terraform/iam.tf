# One instance role per process role. Each may: register with Systems Manager
# (Session Manager is how Ansible and people reach instances: no SSH, no bastion,
# no inbound port), read only its own parameter groups, download releases and the
# Ansible bundle, and complete its own group's launch lifecycle hook.

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "role" {
  for_each = local.process_roles

  name               = "${local.name}-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_role_policy_attachment" "ssm_core" {
  for_each = local.process_roles

  role       = aws_iam_role.role[each.key].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

locals {
  parameter_arn = "arn:${data.aws_partition.current.partition}:ssm:${var.region}:${data.aws_caller_identity.current.account_id}:parameter${local.param_prefix}"

  # Keycloak's realm import needs the services client secret as well.
  extra_parameter_paths = {
    keycloak = ["secret/keycloak"]
  }
}

data "aws_iam_policy_document" "role" {
  for_each = local.process_roles

  statement {
    sid     = "ReadOwnParameters"
    actions = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]
    resources = flatten([
      for path in concat([for g in each.value.env_groups : "env/${g}"], ["deploy"], lookup(local.extra_parameter_paths, each.key, [])) : [
        "${local.parameter_arn}/${path}",
        "${local.parameter_arn}/${path}/*",
      ]
    ])
  }

  statement {
    sid       = "DecryptParameters"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.parameters.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["ssm.${var.region}.amazonaws.com"]
    }
  }

  statement {
    sid     = "DownloadArtifacts"
    actions = ["s3:GetObject"]
    resources = [
      "${aws_s3_bucket.artifacts.arn}/releases/*",
      "${aws_s3_bucket.artifacts.arn}/ansible/*",
    ]
  }

  statement {
    sid       = "CompleteOwnLaunch"
    actions   = ["autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat"]
    resources = ["arn:${data.aws_partition.current.partition}:autoscaling:${var.region}:${data.aws_caller_identity.current.account_id}:autoScalingGroup:*:autoScalingGroupName/${local.name}-${each.key}"]
  }
}

resource "aws_iam_role_policy" "role" {
  for_each = local.process_roles

  name   = "ticketing-instance"
  role   = aws_iam_role.role[each.key].id
  policy = data.aws_iam_policy_document.role[each.key].json
}

resource "aws_iam_instance_profile" "role" {
  for_each = local.process_roles

  name = "${local.name}-${each.key}"
  role = aws_iam_role.role[each.key].name
}
