output "address" {
  description = "Host name of the database."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port of the database."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "The application's database."
  value       = aws_db_instance.this.db_name
}

output "master_username" {
  description = "Administrative user."
  value       = aws_db_instance.this.username
}

output "master_secret_arn" {
  description = "Secrets Manager secret holding the administrative password (managed by RDS)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "security_group_id" {
  description = "Security group of the database."
  value       = aws_security_group.this.id
}
