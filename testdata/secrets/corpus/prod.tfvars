region      = "eu-west-1"
db_password = "uYpxK^bqDeKiS7oG7F"
