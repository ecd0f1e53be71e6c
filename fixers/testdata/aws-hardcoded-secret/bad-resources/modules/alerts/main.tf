variable "slack_token" {
  type      = string
  sensitive = true
}
