variable "name" {
  description = "Name of the broker."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the broker."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets; a cluster uses three zones, a single instance the first subnet."
  type        = list(string)
}

variable "instance_type" {
  description = "Amazon MQ instance type."
  type        = string
}

variable "engine_version" {
  description = "RabbitMQ version."
  type        = string
}

variable "deployment_mode" {
  description = "CLUSTER_MULTI_AZ or SINGLE_INSTANCE."
  type        = string
}

variable "username" {
  description = "Broker user the services connect as."
  type        = string
  default     = "ticketing"
}

variable "password" {
  description = "Password of the broker user (12+ characters, no commas, colons or equals signs)."
  type        = string
  sensitive   = true
}
