package fixers

import (
	"strconv"
	"strings"

	"github.com/driftfix/driftfix/iac"
)

// openSearchTypes are the two resource types of an OpenSearch (formerly
// Elasticsearch) domain.
var openSearchTypes = []string{"aws_opensearch_domain", "aws_elasticsearch_domain"}

// openSearchInPlace reports whether node-to-node and at-rest encryption can
// be turned on without replacing the domain: OpenSearch, or Elasticsearch
// 6.7 and later. Before 6.7 AWS can set them only at creation. The version
// is engine_version (aws_opensearch_domain, default: the newest
// OpenSearch) or elasticsearch_version (aws_elasticsearch_domain,
// default 1.5).
func openSearchInPlace(r *iac.Resource) bool {
	attr, def := "engine_version", "OpenSearch"
	if r.Type == "aws_elasticsearch_domain" {
		attr, def = "elasticsearch_version", "1.5"
	}
	v, st := r.Block.String(attr)
	switch st {
	case iac.Unknown:
		return false
	case iac.Absent:
		v = def
	}
	if strings.HasPrefix(v, "OpenSearch") {
		return true
	}
	v = strings.TrimPrefix(v, "Elasticsearch_")
	major, minor, _ := strings.Cut(v, ".")
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > 6 || ma == 6 && mi >= 7
}

// openSearchOldVersion is why an encryption fix is not offered before 6.7.
const openSearchOldVersion = "before Elasticsearch 6.7 this can only be set when the domain is created, so the change would replace the domain and its data; upgrade the domain first"
