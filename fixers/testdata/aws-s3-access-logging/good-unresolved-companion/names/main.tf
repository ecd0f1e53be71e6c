output "data" {
  value = "acme-data"
}

output "logs" {
  value = "acme-logs"
}
