locals {
  m = { a = "1", b = "2" }
}

resource "aws_s3_bucket" "f" {
  set        = toset(["b", "a", "b"])
  merged     = merge({ a = 1 }, { b = 2 })
  concat     = concat(["a"], ["b", "c"])
  lower      = lower("MiXeD")
  json       = jsonencode({ Version = "2012-10-17", Statement = [] })
  format     = format("%s-%03d", "web", 7)
  lookup     = lookup(local.m, "a", "none")
  lookup_def = lookup(local.m, "z", "none")
  lookup2    = lookup(local.m, "b")
  file       = file("policy.json")
  partial    = { a = "known", b = file("x") }
  try        = try(local.m.z, "fallback")
  length     = length("four")
  starts     = startswith("arn:aws:s3", "arn:")
  unknown_fn = no_such_function(1)
  timestamp  = timestamp()
}
