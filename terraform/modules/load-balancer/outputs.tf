output "arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "arn_suffix" {
  description = "ARN suffix of the load balancer, for CloudWatch metrics."
  value       = aws_lb.this.arn_suffix
}

output "dns_name" {
  description = "DNS name to point domain_name at (CNAME or alias)."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Hosted zone of the load balancer, for a Route 53 alias record."
  value       = aws_lb.this.zone_id
}

output "security_group_id" {
  description = "Security group of the load balancer; instance groups admit traffic from it."
  value       = aws_security_group.alb.id
}

output "target_group_arns" {
  description = "Target group ARN per service."
  value       = { for k, tg in aws_lb_target_group.service : k => tg.arn }
}

output "target_group_arn_suffixes" {
  description = "Target group ARN suffix per service, for request-count scaling."
  value       = { for k, tg in aws_lb_target_group.service : k => tg.arn_suffix }
}
