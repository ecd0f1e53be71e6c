package fixers

// ebsVolumeEncryption: standalone EBS volumes are encrypted.
var ebsVolumeEncryption = Rule{Meta: ebsVolumeEncryptionMeta, Check: checkEBSVolumeEncryption}

var ebsVolumeEncryptionMeta = Meta{
	ID:            "aws-ebs-volume-encryption",
	Title:         "EBS volume is not encrypted",
	Severity:      High,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_ebs_volume", "aws_ebs_encryption_by_default"},
	Touches: []Touch{
		{ResourceType: "aws_ebs_volume", Paths: []string{"encrypted"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0026", Tfsec: "aws-ebs-enable-volume-encryption", Checkov: "CKV_AWS_3"},
}

func checkEBSVolumeEncryption(in *Input) []Finding {
	m := ebsVolumeEncryptionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_ebs_volume") {
		// A volume created from a snapshot inherits the snapshot's
		// encryption when encrypted is absent; encrypted = true encrypts
		// it even when the snapshot is not (the provider accepts both).
		out = append(out, ebsCheckDevice(m, r, ebsDevice{
			block: r.Block, what: "volume", inherits: true, value: "true",
		}, ebsDefaultEncryptionMayBeOn(in.Module, r))...)
	}
	return out
}
