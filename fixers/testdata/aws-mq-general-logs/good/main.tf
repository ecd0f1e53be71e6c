resource "aws_mq_broker" "events" {
  broker_name        = "events"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.m5.large"

  logs {
    general = true
    audit   = true
  }

  user {
    username = "admin"
    password = "change-me-please"
  }
}
