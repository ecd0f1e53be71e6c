package fixers

// openSearchHTTPS: an OpenSearch domain refuses plain HTTP, so queries and credentials are never sent in the clear.
var openSearchHTTPS = Rule{Meta: openSearchHTTPSMeta, Check: checkOpenSearchHTTPS}

var openSearchHTTPSMeta = Meta{
	ID:            "aws-opensearch-https",
	Title:         "OpenSearch domain does not require HTTPS",
	Severity:      High,
	Class:         ClassTLS,
	ResourceTypes: openSearchTypes,
	Touches: []Touch{
		{ResourceType: "aws_opensearch_domain", Paths: []string{"domain_endpoint_options[0].enforce_https"}, Safe: SafeIs(true)},
		{ResourceType: "aws_elasticsearch_domain", Paths: []string{"domain_endpoint_options[0].enforce_https"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0046", Tfsec: "aws-elastic-search-enforce-https", Checkov: "CKV_AWS_83"},
}

func checkOpenSearchHTTPS(in *Input) []Finding {
	m := openSearchHTTPSMeta
	var out []Finding
	for _, r := range resources(in.Module, openSearchTypes...) {
		out = append(out, wantNested(m, r, "domain_endpoint_options", "enforce_https", is("true"), "true", "")...)
	}
	return out
}
