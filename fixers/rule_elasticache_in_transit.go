package fixers

// elasticacheInTransit: clients and nodes of a Redis (or Valkey)
// replication group talk over TLS.
var elasticacheInTransit = Rule{Meta: elasticacheInTransitMeta, Check: checkElasticacheInTransit}

var elasticacheInTransitMeta = Meta{
	ID:            "aws-elasticache-in-transit",
	Title:         "ElastiCache replication group does not encrypt traffic in transit",
	Severity:      High,
	Class:         ClassTLS,
	ResourceTypes: []string{"aws_elasticache_replication_group"},
	Refs:          Refs{Trivy: "AVD-AWS-0051", Tfsec: "aws-elasticache-enable-in-transit-encryption", Checkov: "CKV_AWS_30"},
	NoFix:         "clients must connect with TLS once it is required, and older engines need a replacement to turn it on; move clients to TLS (transit_encryption_mode = \"preferred\" first on Redis 7), then set transit_encryption_enabled = true by hand",
}

func checkElasticacheInTransit(in *Input) []Finding {
	m := elasticacheInTransitMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_elasticache_replication_group") {
		out = append(out, wantAttr(m, r, "transit_encryption_enabled", is("true"), "transit_encryption_enabled is not set, so traffic is not encrypted", "", "")...)
	}
	return out
}
