environments = ["dev", "staging"]
