terraform {
  backend "pg" {
    conn_str = "postgres://tf:Qm7vXy2kLp9wRt4z@db.internal/terraform"
  }
}

module "network" {
  source = "git::https://deploy:ghp_K3mZ9qW2xR7vT5nB8cY4dF6gH1jL0pS2aE7u@github.com/acme/network.git?ref=v1.2.0"
}

module "app" {
  source = "./modules/app"
}

variable "db" {
  type = object({ user = string, password = string })
  default = {
    user     = "app"
    password = "Vb4nM8qR2tY6wE0z"
  }
}

provider "aws" { access_key = "AKIAQ2WE4RT6YU7IO3PA" }
