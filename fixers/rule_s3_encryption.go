package fixers

import (
	"fmt"

	"github.com/driftfix/driftfix/iac"
)

// s3Encryption: S3 buckets say how objects are encrypted at rest, so the
// protection is written in the code rather than left to an account default.
var s3Encryption = Rule{Meta: s3EncryptionMeta, Check: checkS3Encryption}

var s3EncryptionMeta = Meta{
	ID:    "aws-s3-encryption",
	Title: "S3 bucket has no server-side encryption configured",
	// Low: since January 2023 S3 encrypts every new object with SSE-S3
	// whatever the bucket says, so a bucket without a configuration is not
	// unencrypted (trivy deprecated AVD-AWS-0088 for that reason). The rule
	// still asks for the configuration to be written down, and catches an
	// algorithm S3 does not accept.
	Severity:      Low,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_s3_bucket", "aws_s3_bucket_server_side_encryption_configuration"},
	Touches: []Touch{
		{ResourceType: "aws_s3_bucket_server_side_encryption_configuration", Paths: []string{"*", "rule[0].apply_server_side_encryption_by_default[0].sse_algorithm"}, Safe: SafeIs("AES256", "aws:kms", "aws:kms:dsse")},
		{ResourceType: "aws_s3_bucket", Paths: []string{"server_side_encryption_configuration[0].rule[0].apply_server_side_encryption_by_default[0].sse_algorithm"}, Safe: SafeIs("AES256", "aws:kms", "aws:kms:dsse")},
	},
	Refs: Refs{Trivy: "AVD-AWS-0088", Tfsec: "aws-s3-enable-bucket-encryption", Checkov: "CKV_AWS_19"},
}

// s3SSEAlgorithms are the values S3 accepts for sse_algorithm.
var s3SSEAlgorithms = map[string]bool{"AES256": true, "aws:kms": true, "aws:kms:dsse": true}

const s3SSEDefault = `"AES256"`

func checkS3Encryption(in *Input) []Finding {
	m := s3EncryptionMeta
	var out []Finding
	for _, b := range resources(in.Module, "aws_s3_bucket") {
		// Legacy provider style: an inline server_side_encryption_configuration.
		if sse := b.Block.First("server_side_encryption_configuration"); sse != nil {
			if !sse.Dynamic {
				out = append(out, checkS3SSERules(m, b, sse)...)
			}
			continue
		}
		comps, unsure := s3Attached(in.Module, b, "aws_s3_bucket_server_side_encryption_configuration")
		if len(comps) > 0 || unsure {
			continue
		}
		if cond := s3Conditional(in.Module, b, "aws_s3_bucket_server_side_encryption_configuration"); len(cond) > 0 {
			out = append(out, s3ConditionalFinding(m, b, "server-side encryption", cond[0]))
			continue
		}
		bucket := b
		out = append(out, m.New(b, nil, "bucket has no server-side encryption configuration",
			func(ed *iac.Editor) error {
				return addCompanion(ed, m.ID, bucket, "aws_s3_bucket_server_side_encryption_configuration", "bucket", "id", nil,
					[]iac.NewBlock{{Type: "rule", Blocks: []iac.NewBlock{{
						Type:  "apply_server_side_encryption_by_default",
						Attrs: []iac.NewAttr{{Name: "sse_algorithm", Expr: s3SSEDefault}},
					}}}})
			}, ""))
	}
	// v4+ provider style: the algorithm of each configuration resource.
	for _, c := range resources(in.Module, "aws_s3_bucket_server_side_encryption_configuration") {
		out = append(out, checkS3SSERules(m, c, c.Block)...)
	}
	return out
}

// checkS3SSERules reports the rules of an encryption configuration (the
// companion resource's body or a legacy inline block) whose sse_algorithm
// is known and not one S3 accepts. An unknown or absent value is left alone.
func checkS3SSERules(m Meta, r *iac.Resource, cfg *iac.Block) []Finding {
	var out []Finding
	for _, rule := range cfg.Nested("rule") {
		def := rule.First("apply_server_side_encryption_by_default")
		if rule.Dynamic || def == nil || def.Dynamic {
			continue
		}
		alg, st := def.String("sse_algorithm")
		if st != iac.Known || s3SSEAlgorithms[alg] {
			continue
		}
		msg := fmt.Sprintf("sse_algorithm is %q, not one of AES256, aws:kms or aws:kms:dsse", alg)
		if def.Attr("kms_master_key_id") != nil {
			out = append(out, m.New(r, rangeOf(def, "sse_algorithm"), msg, nil,
				"kms_master_key_id is set, so aws:kms was probably meant, and AES256 does not take a key; set sse_algorithm by hand"))
			continue
		}
		out = append(out, m.New(r, rangeOf(def, "sse_algorithm"), msg,
			func(ed *iac.Editor) error { return ed.SetAttr(m.ID, def, "sse_algorithm", s3SSEDefault) }, ""))
	}
	return out
}
