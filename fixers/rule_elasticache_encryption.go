package fixers

// elasticacheEncryption: a Redis (or Valkey) replication group encrypts its
// data and backups at rest.
var elasticacheEncryption = Rule{Meta: elasticacheEncryptionMeta, Check: checkElasticacheEncryption}

var elasticacheEncryptionMeta = Meta{
	ID:            "aws-elasticache-encryption",
	Title:         "ElastiCache replication group is not encrypted at rest",
	Severity:      High,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_elasticache_replication_group"},
	Refs:          Refs{Trivy: "AVD-AWS-0045", Tfsec: "aws-elasticache-enable-at-rest-encryption", Checkov: "CKV_AWS_29"},
	NoFix:         "at-rest encryption can only be chosen when a replication group is created: turning it on replaces the group and empties the cache; create an encrypted group (from a backup) and switch clients over",
}

func checkElasticacheEncryption(in *Input) []Finding {
	m := elasticacheEncryptionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_elasticache_replication_group") {
		out = append(out, wantAttr(m, r, "at_rest_encryption_enabled", is("true"), "at_rest_encryption_enabled is not set, so data is not encrypted at rest", "", "")...)
	}
	return out
}
