package fixers

// openSearchTLSPolicy: an OpenSearch domain's endpoint accepts TLS 1.2 or
// later only.
var openSearchTLSPolicy = Rule{Meta: openSearchTLSPolicyMeta, Check: checkOpenSearchTLSPolicy}

// openSearchTLSPolicies are the policies that refuse TLS 1.0 and 1.1; the
// first is what the fix writes.
var openSearchTLSPolicies = []string{"Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10"}

var openSearchTLSPolicyMeta = Meta{
	ID:            "aws-opensearch-tls-policy",
	Title:         "OpenSearch domain accepts TLS versions older than 1.2",
	Severity:      High,
	Class:         ClassTLS,
	ResourceTypes: openSearchTypes,
	Touches: []Touch{
		{ResourceType: "aws_opensearch_domain", Paths: []string{"domain_endpoint_options[0].tls_security_policy"}, Safe: SafeIs("Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10")},
		{ResourceType: "aws_elasticsearch_domain", Paths: []string{"domain_endpoint_options[0].tls_security_policy"}, Safe: SafeIs("Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10")},
	},
	Refs: Refs{Trivy: "AVD-AWS-0126", Tfsec: "aws-elastic-search-use-secure-tls-policy", Checkov: "CKV_AWS_228"},
}

func checkOpenSearchTLSPolicy(in *Input) []Finding {
	m := openSearchTLSPolicyMeta
	var out []Finding
	for _, r := range resources(in.Module, openSearchTypes...) {
		out = append(out, wantNested(m, r, "domain_endpoint_options", "tls_security_policy", is(openSearchTLSPolicies...), `"`+openSearchTLSPolicies[0]+`"`, "")...)
	}
	return out
}
