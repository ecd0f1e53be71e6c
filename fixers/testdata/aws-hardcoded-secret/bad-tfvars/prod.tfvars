region      = "us-east-1"
db_password = "sHaXf1fcrsbT*1b%k6"
