package fixers

// openSearchEncryption: an OpenSearch domain encrypts its indices, logs and swap files at rest.
var openSearchEncryption = Rule{Meta: openSearchEncryptionMeta, Check: checkOpenSearchEncryption}

var openSearchEncryptionMeta = Meta{
	ID:            "aws-opensearch-encryption",
	Title:         "OpenSearch domain is not encrypted at rest",
	Severity:      High,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: openSearchTypes,
	Touches: []Touch{
		{ResourceType: "aws_opensearch_domain", Paths: []string{"encrypt_at_rest[0].enabled"}, Safe: SafeIs(true)},
		{ResourceType: "aws_elasticsearch_domain", Paths: []string{"encrypt_at_rest[0].enabled"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0048", Tfsec: "aws-elastic-search-enable-domain-encryption", Checkov: "CKV_AWS_5"},
}

func checkOpenSearchEncryption(in *Input) []Finding {
	m := openSearchEncryptionMeta
	var out []Finding
	for _, r := range resources(in.Module, openSearchTypes...) {
		fix, reason := "true", ""
		if !openSearchInPlace(r) {
			fix, reason = "", openSearchOldVersion
		}
		out = append(out, wantNested(m, r, "encrypt_at_rest", "enabled", is("true"), fix, reason)...)
	}
	return out
}
