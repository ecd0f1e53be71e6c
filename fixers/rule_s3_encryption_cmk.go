package fixers

import (
	"github.com/driftfix/driftfix/iac"
)

// s3EncryptionCMK: a bucket encrypts its objects with a KMS key the account
// controls, so who may read the data is also a key policy's decision and
// every use of the key is in CloudTrail.
var s3EncryptionCMK = Rule{Meta: s3EncryptionCMKMeta, Check: checkS3EncryptionCMK}

var s3EncryptionCMKMeta = Meta{
	ID:            "aws-s3-encryption-cmk",
	Title:         "S3 bucket does not encrypt with a customer-managed KMS key",
	Severity:      Low,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_s3_bucket", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_acl"},
	Refs:          Refs{Trivy: "AVD-AWS-0132", Tfsec: "aws-s3-encryption-customer-key", Checkov: "CKV_AWS_145"},
	NoFix:         cmkNoFix,
}

func checkS3EncryptionCMK(in *Input) []Finding {
	m := s3EncryptionCMKMeta
	var out []Finding
	for _, b := range resources(in.Module, "aws_s3_bucket") {
		if s3LogBucket(in.Module, b) {
			continue // S3 server access logs cannot be delivered to an SSE-KMS bucket
		}
		if sse := b.Block.First("server_side_encryption_configuration"); sse != nil {
			if !sse.Dynamic {
				out = append(out, s3CMKRules(m, b, sse)...)
			}
			continue
		}
		comps, unsure := s3Attached(in.Module, b, "aws_s3_bucket_server_side_encryption_configuration")
		if unsure || len(s3Conditional(in.Module, b, "aws_s3_bucket_server_side_encryption_configuration")) > 0 {
			continue
		}
		if len(comps) == 0 {
			out = append(out, m.New(b, nil, "bucket has no encryption configuration, so S3 encrypts with its own key (SSE-S3)", nil, ""))
			continue
		}
		for _, c := range comps {
			out = append(out, s3CMKRules(m, c, c.Block)...)
		}
	}
	return out
}

// s3CMKRules reports each rule of an encryption configuration that names
// no KMS key.
func s3CMKRules(m Meta, r *iac.Resource, cfg *iac.Block) []Finding {
	var out []Finding
	for _, rule := range cfg.Nested("rule") {
		def := rule.First("apply_server_side_encryption_by_default")
		if rule.Dynamic || def == nil || def.Dynamic {
			continue
		}
		out = append(out, wantKey(m, r, def, "kms_master_key_id", "apply_server_side_encryption_by_default sets no kms_master_key_id")...)
	}
	return out
}

// s3LogBucket reports whether bucket b receives S3 server access logs: a
// canned ACL log-delivery-write, on the bucket or an aws_s3_bucket_acl.
func s3LogBucket(m *iac.Module, b *iac.Resource) bool {
	if acl, st := b.Block.String("acl"); st == iac.Known && acl == "log-delivery-write" {
		return true
	}
	comps, _ := s3Attached(m, b, "aws_s3_bucket_acl")
	for _, c := range comps {
		if acl, st := c.Block.String("acl"); st == iac.Known && acl == "log-delivery-write" {
			return true
		}
	}
	return false
}
