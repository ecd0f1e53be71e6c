resource "aws_launch_template" "web" {
  name_prefix   = "web-"
  image_id      = "ami-12345678"
  instance_type = "t3.micro"
  user_data = base64encode(<<-EOT
    #!/bin/bash
    aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE
  EOT
  )
}

resource "aws_launch_configuration" "legacy" {
  image_id         = "ami-12345678"
  instance_type    = "t3.micro"
  user_data_base64 = "IyEvYmluL2Jhc2gKZXhwb3J0IEFXU19TRUNSRVRfQUNDRVNTX0tFWT13SmFsclhVdG5GRU1JL0s3TURFTkcvYlB4UmZpQ1lFWEFNUExFS0VZCg=="
}
