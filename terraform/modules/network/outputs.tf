output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr" {
  description = "CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "Public subnets, one per availability zone (load balancer, NAT gateways)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets, one per availability zone (instances and data stores)."
  value       = aws_subnet.private[*].id
}

output "nat_public_ips" {
  description = "Addresses outbound traffic leaves from (allow-list them at a mail relay or payment provider)."
  value       = aws_eip.nat[*].public_ip
}
