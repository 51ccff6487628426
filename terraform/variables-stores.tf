# --- PostgreSQL -----------------------------------------------------------------

variable "db_instance_class" {
  description = "RDS instance class of the PostgreSQL database."
  type        = string
  default     = "db.m7g.large"

  validation {
    condition     = startswith(var.db_instance_class, "db.")
    error_message = "db_instance_class must be an RDS class such as db.m7g.large."
  }
}

variable "db_engine_version" {
  description = "PostgreSQL version; a major version lets RDS pick and upgrade the minor."
  type        = string
  default     = "17"

  validation {
    condition     = can(regex("^17(\\.[0-9]+)?$", var.db_engine_version))
    error_message = "db_engine_version must be PostgreSQL 17 (17 or 17.x): the parameter group family is postgres17."
  }
}

variable "db_multi_az" {
  description = "Run a synchronous standby in a second availability zone with automatic failover."
  type        = bool
  default     = true
}

variable "db_allocated_storage" {
  description = "Initial storage of the database in GiB (gp3)."
  type        = number
  default     = 100

  validation {
    condition     = var.db_allocated_storage >= 20 && var.db_allocated_storage <= 65536
    error_message = "db_allocated_storage must be between 20 and 65536 GiB."
  }
}

variable "db_max_allocated_storage" {
  description = "Upper bound for storage autoscaling in GiB; equal to db_allocated_storage turns it off."
  type        = number
  default     = 500

  validation {
    condition     = var.db_max_allocated_storage >= 20 && var.db_max_allocated_storage <= 65536
    error_message = "db_max_allocated_storage must be between 20 and 65536 GiB."
  }
}

variable "db_backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery window)."
  type        = number
  default     = 14

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be between 1 and 35."
  }
}

# --- Redis ----------------------------------------------------------------------

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.m7g.large"

  validation {
    condition     = startswith(var.redis_node_type, "cache.")
    error_message = "redis_node_type must be an ElastiCache node type such as cache.m7g.large."
  }
}

variable "redis_engine_version" {
  description = "Redis OSS engine version on ElastiCache."
  type        = string
  default     = "7.1"

  validation {
    condition     = can(regex("^7\\.[0-9]+$", var.redis_engine_version))
    error_message = "redis_engine_version must be a Redis 7 version such as 7.1 (the parameter group is default.redis7.cluster.on)."
  }
}

variable "redis_shards" {
  description = "Shards (node groups) of the cluster-mode Redis. A drop's keys share one hash tag, so one drop lives on one shard; more shards spread drops."
  type        = number
  default     = 1

  validation {
    condition     = var.redis_shards >= 1 && var.redis_shards <= 500
    error_message = "redis_shards must be between 1 and 500."
  }
}

variable "redis_replicas_per_shard" {
  description = "Replicas per shard, in other availability zones; at least 1 for automatic failover."
  type        = number
  default     = 1

  validation {
    condition     = var.redis_replicas_per_shard >= 1 && var.redis_replicas_per_shard <= 5
    error_message = "redis_replicas_per_shard must be between 1 and 5."
  }
}

# --- RabbitMQ -------------------------------------------------------------------

variable "mq_instance_type" {
  description = "Amazon MQ broker instance type."
  type        = string
  default     = "mq.m5.large"

  validation {
    condition     = startswith(var.mq_instance_type, "mq.")
    error_message = "mq_instance_type must be an Amazon MQ instance type such as mq.m5.large."
  }
}

variable "mq_engine_version" {
  description = "RabbitMQ version on Amazon MQ."
  type        = string
  default     = "3.13"

  validation {
    condition     = can(regex("^[34]\\.[0-9]+(\\.[0-9]+)?$", var.mq_engine_version))
    error_message = "mq_engine_version must be a RabbitMQ version such as 3.13."
  }
}

variable "mq_deployment_mode" {
  description = "CLUSTER_MULTI_AZ (three brokers over three zones, quorum queues survive a zone) or SINGLE_INSTANCE (development and load-test environments)."
  type        = string
  default     = "CLUSTER_MULTI_AZ"

  validation {
    condition     = contains(["CLUSTER_MULTI_AZ", "SINGLE_INSTANCE"], var.mq_deployment_mode)
    error_message = "mq_deployment_mode must be CLUSTER_MULTI_AZ or SINGLE_INSTANCE."
  }
}
