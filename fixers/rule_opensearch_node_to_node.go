package fixers

// openSearchNodeToNode: traffic between the nodes of an OpenSearch domain is encrypted.
var openSearchNodeToNode = Rule{Meta: openSearchNodeToNodeMeta, Check: checkOpenSearchNodeToNode}

var openSearchNodeToNodeMeta = Meta{
	ID:            "aws-opensearch-node-to-node",
	Title:         "OpenSearch domain does not encrypt traffic between nodes",
	Severity:      High,
	Class:         ClassTLS,
	ResourceTypes: openSearchTypes,
	Touches: []Touch{
		{ResourceType: "aws_opensearch_domain", Paths: []string{"node_to_node_encryption[0].enabled"}, Safe: SafeIs(true)},
		{ResourceType: "aws_elasticsearch_domain", Paths: []string{"node_to_node_encryption[0].enabled"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0043", Tfsec: "aws-elastic-search-enable-in-transit-encryption", Checkov: "CKV_AWS_6"},
}

func checkOpenSearchNodeToNode(in *Input) []Finding {
	m := openSearchNodeToNodeMeta
	var out []Finding
	for _, r := range resources(in.Module, openSearchTypes...) {
		fix, reason := "true", ""
		if !openSearchInPlace(r) {
			fix, reason = "", openSearchOldVersion
		}
		out = append(out, wantNested(m, r, "node_to_node_encryption", "enabled", is("true"), fix, reason)...)
	}
	return out
}
