package fixers

import (
	"fmt"

	"github.com/driftfix/driftfix/iac"
)

// ebsDefaultEncryption: EBS encryption by default stays on, so every new
// volume in the region is encrypted.
var ebsDefaultEncryption = Rule{Meta: ebsDefaultEncryptionMeta, Check: checkEBSDefaultEncryption}

var ebsDefaultEncryptionMeta = Meta{
	ID:            "aws-ebs-default-encryption",
	Title:         "EBS encryption by default is disabled",
	Severity:      Medium,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_ebs_encryption_by_default"},
	Touches: []Touch{
		{ResourceType: "aws_ebs_encryption_by_default", Paths: []string{"enabled"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Checkov: "CKV_AWS_106"},
}

func checkEBSDefaultEncryption(in *Input) []Finding {
	m := ebsDefaultEncryptionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_ebs_encryption_by_default") {
		// An absent enabled defaults to true.
		on, st := r.Block.Bool("enabled")
		if st != iac.Known || on {
			continue
		}
		a := r.Block.Attr("enabled")
		msg := "EBS encryption by default has enabled = " + ebsSource(r.File, a)
		if !iac.IsLiteral(a.Expr) {
			msg += " (false)"
			out = append(out, m.New(r, rangeOf(r.Block, "enabled"), msg, nil,
				fmt.Sprintf("enabled is set by %s; make it true where that value comes from", ebsSource(r.File, a))))
			continue
		}
		b := r.Block
		out = append(out, m.New(r, rangeOf(b, "enabled"), msg,
			func(ed *iac.Editor) error { return ed.SetAttr(m.ID, b, "enabled", "true") }, ""))
	}
	return out
}
