resource "aws_security_group" "web" {
  name        = "web"
  description = "HTTPS from the load balancer to the web servers"
}
