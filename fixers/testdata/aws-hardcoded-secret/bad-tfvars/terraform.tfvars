region      = "eu-west-1"
db_password = "AzSNIK3%LRcCtiroNG"

datadog = {
  api_key = "okke9e*HI1azjqwB#h"
  site    = "datadoghq.eu"
}
