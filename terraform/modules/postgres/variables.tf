variable "name" {
  description = "Identifier prefix of the database's resources."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the database."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets the database may be placed in (two or more zones)."
  type        = list(string)
}

variable "instance_class" {
  description = "RDS instance class."
  type        = string
}

variable "engine_version" {
  description = "PostgreSQL 17 version."
  type        = string
}

variable "multi_az" {
  description = "Keep a synchronous standby in another zone."
  type        = bool
}

variable "allocated_storage" {
  description = "Initial storage in GiB."
  type        = number
}

variable "max_allocated_storage" {
  description = "Storage autoscaling limit in GiB."
  type        = number
}

variable "backup_retention_days" {
  description = "Days of automated backups."
  type        = number
}

variable "deletion_protection" {
  description = "Refuse to delete the database."
  type        = bool
}

variable "database_name" {
  description = "Database created with the instance (the application's)."
  type        = string
  default     = "ticketing"
}

variable "master_username" {
  description = "Administrative user; its password lives in Secrets Manager, managed by RDS."
  type        = string
  default     = "ticketing_admin"
}
