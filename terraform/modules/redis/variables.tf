variable "name" {
  description = "Identifier prefix of the cache's resources (at most 40 characters)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the cache."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets, one per zone."
  type        = list(string)
}

variable "node_type" {
  description = "ElastiCache node type."
  type        = string
}

variable "engine_version" {
  description = "Redis OSS version."
  type        = string
}

variable "shards" {
  description = "Number of shards (node groups)."
  type        = number
}

variable "replicas_per_shard" {
  description = "Replicas per shard."
  type        = number
}

variable "auth_token" {
  description = "AUTH token clients present (the password in REDIS_URL)."
  type        = string
  sensitive   = true
}
