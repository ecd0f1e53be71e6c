variable "root_encrypted" {
  type = bool
}

resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  root_block_device {
    encrypted = true
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    encrypted   = true
  }

  # Restored from a snapshot: inherits the snapshot's encryption.
  ebs_block_device {
    device_name = "/dev/sdg"
    snapshot_id = "snap-0123456789abcdef0"
  }
}

# The value comes from a variable with no default: not knowable, no finding.
resource "aws_instance" "unknown" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  root_block_device {
    encrypted = var.root_encrypted
  }
}

# The launch template describes the root volume.
resource "aws_instance" "from_template" {
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

resource "aws_instance" "fleet" {
  for_each      = toset(["a", "b"])
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  root_block_device {
    encrypted = true
  }
}

#checkov:skip=CKV_AWS_8:scratch box for AMI builds, holds no data
resource "aws_instance" "scratch" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}
