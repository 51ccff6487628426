variable "name" {
  description = "Name prefix of the load balancer's resources."
  type        = string
}

variable "vpc_id" {
  description = "VPC the load balancer and its target groups live in."
  type        = string
}

variable "subnet_ids" {
  description = "Public subnets, one per availability zone."
  type        = list(string)
}

variable "ingress_cidrs" {
  description = "IPv4 ranges allowed on ports 80 and 443."
  type        = list(string)
}

variable "certificate_arn" {
  description = "ACM certificate for the HTTPS listener."
  type        = string
}

variable "domain_name" {
  description = "Host name the routing rules match."
  type        = string
}

variable "idle_timeout" {
  description = "Seconds an idle connection (WebSocket, SSE stream) stays open."
  type        = number
}

variable "deletion_protection" {
  description = "Refuse to delete the load balancer."
  type        = bool
}

variable "services" {
  description = "Target group per service: the port traffic goes to, and where the health check asks."
  type = map(object({
    port        = number
    health_port = number
    health_path = string
  }))
}

variable "routes" {
  description = "Path patterns per service on domain_name, matched in route_order."
  type        = map(list(string))
}

variable "route_order" {
  description = "Services whose paths are matched first come first."
  type        = list(string)
}

variable "default_service" {
  description = "Service that answers every other path on domain_name."
  type        = string
}

variable "deregistration_delay" {
  description = "Seconds a leaving target keeps its in-flight requests (the services drain for 10 s on SIGTERM)."
  type        = number
  default     = 30
}
