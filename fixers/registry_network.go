package fixers

// networkRules lists this group's rules in their fixed order.
func networkRules() []Fixer {
	return []Fixer{
		sgOpenSSH,
		sgOpenRDP,
		sgOpenAllPorts,
		ec2IMDSv2,
		launchTemplateIMDSv2,
	}
}
