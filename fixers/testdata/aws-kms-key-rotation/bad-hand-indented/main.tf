# driftfix:ignore:aws-kms-key-rotation:exp:2020-01-01
resource "aws_kms_key" "logs" {
   description = "log encryption"
   enable_key_rotation = false # rotation breaks the old SIEM
   policy = jsonencode({
      Version = "2012-10-17"
      Statement = []
   })
}

resource "aws_kms_key" "shards" {
   count = 2
   description = "shard ${count.index}"
   enable_key_rotation = "false"
}
