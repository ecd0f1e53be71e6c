region          = "us-east-1"
db_password     = "KeoPIPc8WGzMrk4bvw"
github_token    = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
datadog_api_key = "REPLACE_ME"
