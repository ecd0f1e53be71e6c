resource "aws_s3_bucket" "logs" {
    bucket = "acme-logs"   # aligned by hand
    acl    =   "private"

    /* versioning comes later */
    versioning {
        enabled = false
    }
}

resource "aws_db_instance" "db" {
    engine            = "postgres"
    storage_encrypted = false
    tags = {
        Name = "db"
    }
}


resource "aws_ebs_volume" "v" {
    availability_zone = "eu-west-1a"
    size = 10
}
