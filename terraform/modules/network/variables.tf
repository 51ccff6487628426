variable "name" {
  description = "Name prefix of the network's resources."
  type        = string
}

variable "cidr" {
  description = "CIDR block of the VPC."
  type        = string
}

variable "azs" {
  description = "Availability zones to place one public and one private subnet in."
  type        = list(string)
}

variable "single_nat_gateway" {
  description = "Share one NAT gateway between all private subnets."
  type        = bool
}
