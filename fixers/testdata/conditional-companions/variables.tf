variable "create" {
  description = "Whether to create the bucket at all."
  type        = bool
  default     = true
}

variable "name" {
  type    = string
  default = "acme-conditional"
}

variable "versioning" {
  description = "Versioning settings; empty means none."
  type        = map(string)
  default     = {}
}

variable "encryption_rules" {
  description = "Server-side encryption rules; empty means none."
  type        = list(any)
  default     = []
}

variable "block_public_access" {
  type    = bool
  default = true
}

variable "logging" {
  type    = any
  default = {}
}

variable "archive_versioned" {
  description = "No default: driftfix cannot know it."
  type        = bool
}
