package fixers

import (
	"github.com/driftfix/driftfix/iac"
)

// kmsKeyRotation: symmetric encryption KMS keys rotate their key material
// every year, so one leaked version of it protects less data.
var kmsKeyRotation = Rule{Meta: kmsKeyRotationMeta, Check: checkKMSKeyRotation}

var kmsKeyRotationMeta = Meta{
	ID:            "aws-kms-key-rotation",
	Title:         "KMS key rotation is not enabled",
	Severity:      Medium,
	Class:         ClassKeyRotation,
	ResourceTypes: []string{"aws_kms_key"},
	Touches: []Touch{
		{ResourceType: "aws_kms_key", Paths: []string{"enable_key_rotation"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0065", Tfsec: "aws-kms-auto-rotate-keys", Checkov: "CKV_AWS_7"},
}

func checkKMSKeyRotation(in *Input) []Finding {
	m := kmsKeyRotationMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_kms_key") {
		if !kmsRotatable(r.Block) {
			continue
		}
		fs := wantTrue(m, r, "enable_key_rotation",
			"enable_key_rotation is not set, so the key is never rotated",
			"enable_key_rotation is false")
		if enabled, st := r.Block.Bool("is_enabled"); len(fs) > 0 && st == iac.Known && !enabled {
			// AWS turns on rotation only for an enabled key: the apply would fail.
			fs = []Finding{m.New(r, rangeOf(r.Block, "enable_key_rotation"), fs[0].Message, nil,
				"the key is disabled (is_enabled = false), and AWS enables rotation only on enabled keys; enable the key first")}
		}
		out = append(out, fs...)
	}
	return out
}

// kmsRotatable reports whether AWS supports automatic rotation for the key:
// a symmetric encryption key (key_usage ENCRYPT_DECRYPT and
// customer_master_key_spec SYMMETRIC_DEFAULT, both the defaults) whose
// material AWS KMS holds (no custom or external key store). A value that
// cannot be known counts as not rotatable.
func kmsRotatable(b *iac.Block) bool {
	if usage, st := b.String("key_usage"); st == iac.Unknown || (st == iac.Known && usage != "ENCRYPT_DECRYPT") {
		return false
	}
	if spec, st := b.String("customer_master_key_spec"); st == iac.Unknown || (st == iac.Known && spec != "SYMMETRIC_DEFAULT") {
		return false
	}
	return !isSet(b, "custom_key_store_id") && !isSet(b, "xks_key_id")
}
