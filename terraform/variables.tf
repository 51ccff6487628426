# --- naming and placement -----------------------------------------------------

variable "project" {
  description = "Name prefix of every resource and the Project tag the Ansible inventory filters on."
  type        = string
  default     = "ticketing"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project))
    error_message = "project must be 2-21 lower-case letters, digits or dashes, starting with a letter."
  }
}

variable "environment" {
  description = "Deployment name (production, staging, loadtest...): the Environment tag and the SSM parameter path /<project>/<environment>/."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.environment))
    error_message = "environment must be 2-16 lower-case letters, digits or dashes, starting with a letter."
  }
}

variable "region" {
  description = "AWS region to deploy into."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must look like eu-west-1."
  }
}

# --- network --------------------------------------------------------------------

variable "vpc_cidr" {
  description = "CIDR block of the VPC. Each subnet takes a sixteenth of it (a /20 of a /16): public subnets from the first, private from the ninth."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && try(tonumber(split("/", var.vpc_cidr)[1]) <= 18, false)
    error_message = "vpc_cidr must be a valid IPv4 CIDR block of /18 or larger."
  }
}

variable "az_count" {
  description = "Number of availability zones to spread subnets, instances and data stores over."
  type        = number
  default     = 3

  validation {
    condition     = contains([2, 3], var.az_count)
    error_message = "az_count must be 2 or 3."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all private subnets (cheaper) instead of one per availability zone (survives a zone outage)."
  type        = bool
  default     = false
}

# --- public entry -------------------------------------------------------------

variable "domain_name" {
  description = "Public host name of the platform (site, APIs and identity share it, routed by path), e.g. tickets.example.com. Point its DNS record at the load balancer."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.domain_name))
    error_message = "domain_name must be a lower-case DNS name such as tickets.example.com."
  }
}

variable "certificate_arn" {
  description = "ARN of an issued ACM certificate in this region covering domain_name, for the HTTPS listener."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "alb_ingress_cidrs" {
  description = "IPv4 ranges allowed to reach the load balancer on ports 80 and 443."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.alb_ingress_cidrs) > 0 && alltrue([for c in var.alb_ingress_cidrs : can(cidrhost(c, 0))])
    error_message = "alb_ingress_cidrs must hold at least one valid IPv4 CIDR block."
  }
}

variable "alb_idle_timeout" {
  description = "Seconds the load balancer keeps an idle connection open. Queue WebSockets and availability SSE streams send heartbeats well inside it; the services' keep-alive timeout (65 s) is longer than the 60 s minimum."
  type        = number
  default     = 300

  validation {
    condition     = var.alb_idle_timeout >= 60 && var.alb_idle_timeout <= 4000
    error_message = "alb_idle_timeout must be between 60 and 4000 seconds."
  }
}

variable "route_paths" {
  description = "Path patterns the load balancer sends to each service on domain_name; anything else goes to the site. Overrides the defaults per service (keys: keycloak, waiting-room, booking, catalog, admin)."
  type        = map(list(string))
  default     = {}

  validation {
    condition     = alltrue([for k, v in var.route_paths : contains(["keycloak", "waiting-room", "booking", "catalog", "admin"], k) && length(v) > 0 && length(v) <= 15])
    error_message = "route_paths keys must be keycloak, waiting-room, booking, catalog or admin, each with 1-15 patterns."
  }
}

variable "deletion_protection" {
  description = "Protect the load balancer and the database from deletion (turn off only to tear an environment down)."
  type        = bool
  default     = true
}

# --- instances ------------------------------------------------------------------

variable "architecture" {
  description = "CPU architecture of every instance; instance types in process_groups must match it."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "ami_id" {
  description = "AMI for every instance. Empty: the newest official Debian 13 image for the architecture (the Ansible roles expect Debian)."
  type        = string
  default     = ""

  validation {
    condition     = var.ami_id == "" || can(regex("^ami-[0-9a-f]{8,17}$", var.ami_id))
    error_message = "ami_id must be empty or an AMI id (ami-...)."
  }
}

variable "process_groups" {
  description = "Per process role overrides of instance type and group size (see local.process_roles for the defaults). Worker roles keep min = max."
  type = map(object({
    instance_type        = optional(string)
    min_size             = optional(number)
    max_size             = optional(number)
    request_count_target = optional(number)
    cpu_target           = optional(number)
  }))
  default = {}

  validation {
    condition = alltrue([for k, v in var.process_groups : contains([
      "waiting-room", "booking", "booking-relay", "booking-sweeper", "booking-payments",
      "catalog", "admin", "notifier", "site", "keycloak",
    ], k)])
    error_message = "process_groups keys must be process roles: waiting-room, booking, booking-relay, booking-sweeper, booking-payments, catalog, admin, notifier, site, keycloak."
  }

  validation {
    condition = alltrue([for v in values(var.process_groups) :
      coalesce(v.min_size, 0) >= 0 &&
      coalesce(v.max_size, 1) >= 1 &&
      coalesce(v.min_size, 0) <= coalesce(v.max_size, 10000)
    ])
    error_message = "process_groups sizes must satisfy 0 <= min_size <= max_size and max_size >= 1."
  }

  validation {
    condition     = alltrue([for v in values(var.process_groups) : coalesce(v.cpu_target, 50) >= 10 && coalesce(v.cpu_target, 50) <= 90])
    error_message = "cpu_target must be between 10 and 90 (percent)."
  }
}

variable "asg_health_check_type" {
  description = "EC2: replace instances only when EC2 reports them broken. ELB: also when the load balancer finds the service unhealthy; switch to ELB after the first deploy (before it nothing answers, and ELB checks would recycle every instance)."
  type        = string
  default     = "EC2"

  validation {
    condition     = contains(["EC2", "ELB"], var.asg_health_check_type)
    error_message = "asg_health_check_type must be EC2 or ELB."
  }
}

variable "smtp_port" {
  description = "TCP port of the mail relay the notifier sends through (587 submission, 465 SMTPS, 2587 for Amazon SES on an alternative port)."
  type        = number
  default     = 587

  validation {
    condition     = var.smtp_port > 0 && var.smtp_port < 65536
    error_message = "smtp_port must be a TCP port."
  }
}

variable "log_level" {
  description = "LOG_LEVEL of every service."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["fatal", "error", "warn", "info", "debug", "trace"], var.log_level)
    error_message = "log_level must be fatal, error, warn, info, debug or trace."
  }
}
