package fixers

// ec2EncryptionRules lists this group's rules in their fixed order.
func ec2EncryptionRules() []Fixer {
	return []Fixer{
		ec2VolumeEncryption,
		ebsVolumeEncryption,
		ebsDefaultEncryption,
		launchTemplateEncryption,
	}
}
