variable "github_token" {
  type = string
}
