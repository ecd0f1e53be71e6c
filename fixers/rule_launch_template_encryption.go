package fixers

// launchTemplateEncryption: the EBS volumes that launch templates and launch
// configurations give their instances are encrypted.
var launchTemplateEncryption = Rule{Meta: launchTemplateEncryptionMeta, Check: checkLaunchTemplateEncryption}

var launchTemplateEncryptionMeta = Meta{
	ID:            "aws-launch-template-encryption",
	Title:         "Launch template or launch configuration EBS volume is not encrypted",
	Severity:      High,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_launch_template", "aws_launch_configuration", "aws_ebs_encryption_by_default"},
	Touches: []Touch{
		// encrypted is a string in aws_launch_template's schema.
		{ResourceType: "aws_launch_template", Paths: []string{"block_device_mappings[*].ebs[0].encrypted"}, Safe: SafeIs("true")},
		// Updating a launch template creates a new version: latest_version
		// changes, and default_version too when update_default_version is
		// set. Version counters have no safer side.
		{ResourceType: "aws_launch_template", Paths: []string{"latest_version", "default_version"}, Safe: NoSafeSide()},
		{ResourceType: "aws_launch_configuration", Paths: []string{"root_block_device[0].encrypted", "ebs_block_device[*].encrypted"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0008", Tfsec: "aws-autoscaling-enable-at-rest-encryption", Checkov: "CKV_AWS_8"},
}

func checkLaunchTemplateEncryption(in *Input) []Finding {
	m := launchTemplateEncryptionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_launch_template") {
		// A template without block_device_mappings keeps the AMI's
		// mappings (and their snapshots' encryption): nothing to check.
		defaultOn := ebsDefaultEncryptionMayBeOn(in.Module, r)
		for i, bdm := range r.Block.Nested("block_device_mappings") {
			for _, ebs := range bdm.Nested("ebs") {
				// In aws_launch_template, encrypted is a string ("true" /
				// "false") in the provider's schema.
				what := "block_device_mappings " + ebsDeviceName(bdm, i) + " ebs"
				if bdm.Dynamic {
					what = "dynamic block_device_mappings ebs"
				}
				out = append(out, ebsCheckDevice(m, r, ebsDevice{
					block: ebs, what: what,
					dynamic: bdm.Dynamic || ebs.Dynamic, inherits: true, conflicts: true, value: `"true"`,
				}, defaultOn)...)
			}
		}
	}
	for _, r := range resources(in.Module, "aws_launch_configuration") {
		out = append(out, ebsCheckInstanceDevices(m, in.Module, r)...)
	}
	return out
}
