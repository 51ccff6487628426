variable "name" {
  description = "Name of the group, e.g. ticketing-production-booking."
  type        = string
}

variable "role" {
  description = "Process role the instances run; becomes the Role tag the Ansible inventory groups by."
  type        = string
}

variable "tags" {
  description = "Tags every instance and volume carries (Project, Environment...)."
  type        = map(string)
}

variable "ami_id" {
  description = "AMI of the instances (Debian)."
  type        = string
}

variable "instance_type" {
  description = "EC2 instance type."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets to spread instances over."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups of the instances."
  type        = list(string)
}

variable "instance_profile_arn" {
  description = "IAM instance profile of the instances."
  type        = string
}

variable "user_data" {
  description = "First-boot script (plain text)."
  type        = string
}

variable "root_volume_size" {
  description = "Root volume size in GiB."
  type        = number
  default     = 20
}

variable "min_size" {
  description = "Fewest instances."
  type        = number
}

variable "max_size" {
  description = "Most instances."
  type        = number
}

variable "target_group_arns" {
  description = "Load balancer target groups the instances join."
  type        = list(string)
  default     = []
}

variable "health_check_type" {
  description = "EC2 or ELB."
  type        = string
}

variable "request_count_target" {
  description = "Requests per target per minute to track (ALBRequestCountPerTarget); null for none."
  type        = number
  default     = null
}

variable "request_count_resource_label" {
  description = "app/<alb>/<id>/targetgroup/<tg>/<id> for the request-count metric."
  type        = string
  default     = null
}

variable "cpu_target" {
  description = "Average CPU percent to track; null for none."
  type        = number
  default     = null
}

variable "bootstrap_timeout" {
  description = "Seconds a new instance has to configure itself before it is abandoned and replaced."
  type        = number
  default     = 1200
}
