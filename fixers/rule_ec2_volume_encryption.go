package fixers

import (
	"fmt"

	"github.com/driftfix/driftfix/iac"
)

// ec2VolumeEncryption: the root and EBS volumes an EC2 instance creates at
// launch are encrypted.
var ec2VolumeEncryption = Rule{Meta: ec2VolumeEncryptionMeta, Check: checkEC2VolumeEncryption}

var ec2VolumeEncryptionMeta = Meta{
	ID:            "aws-ec2-volume-encryption",
	Title:         "EC2 instance root or EBS block device is not encrypted",
	Severity:      High,
	Class:         ClassEncryptionAtRest,
	ResourceTypes: []string{"aws_instance", "aws_ebs_encryption_by_default"},
	Touches: []Touch{
		{ResourceType: "aws_instance", Paths: []string{"root_block_device[0].encrypted", "ebs_block_device[*].encrypted"}, Safe: SafeIs(true)},
	},
	Refs: Refs{Trivy: "AVD-AWS-0131", Tfsec: "aws-ec2-enable-at-rest-encryption", Checkov: "CKV_AWS_8"},
}

func checkEC2VolumeEncryption(in *Input) []Finding {
	m := ec2VolumeEncryptionMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_instance") {
		out = append(out, ebsCheckInstanceDevices(m, in.Module, r)...)
	}
	return out
}

// ebsCheckInstanceDevices checks the root_block_device and ebs_block_device
// blocks of an aws_instance or an aws_launch_configuration (the two share
// the schema that matters here).
func ebsCheckInstanceDevices(m Meta, mod *iac.Module, r *iac.Resource) []Finding {
	var out []Finding
	defaultOn := ebsDefaultEncryptionMayBeOn(mod, r)
	roots := r.Block.Nested("root_block_device")
	// Without a root_block_device the root volume is created unencrypted
	// (the provider default), unless encryption by default is on or an
	// instance's launch template describes the root volume.
	if len(roots) == 0 && !defaultOn && r.Block.First("launch_template") == nil {
		out = append(out, m.New(r, nil, "no root_block_device, so the root volume is not encrypted (the provider default is false)",
			func(ed *iac.Editor) error {
				return ed.AddBlock(m.ID, r.Block, iac.NewBlock{Type: "root_block_device", Attrs: []iac.NewAttr{{Name: "encrypted", Expr: "true"}}})
			}, ""))
	}
	for _, b := range roots {
		what := "root_block_device"
		if b.Dynamic {
			what = "dynamic root_block_device"
		}
		out = append(out, ebsCheckDevice(m, r, ebsDevice{block: b, what: what, dynamic: b.Dynamic, value: "true"}, defaultOn)...)
	}
	for i, b := range r.Block.Nested("ebs_block_device") {
		if suppressed, st := b.Bool("no_device"); st == iac.Known && suppressed {
			continue // launch configurations: the AMI's device is suppressed, no volume
		}
		what := "ebs_block_device " + ebsDeviceName(b, i)
		if b.Dynamic {
			what = "dynamic ebs_block_device"
		}
		out = append(out, ebsCheckDevice(m, r, ebsDevice{
			block: b, what: what, dynamic: b.Dynamic,
			inherits: true, conflicts: true, value: "true",
		}, defaultOn)...)
	}
	return out
}

// ebsDeviceName names a block device in messages: its device_name, or its
// position when the name is not static.
func ebsDeviceName(b *iac.Block, i int) string {
	if name, st := b.String("device_name"); st == iac.Known {
		return iac.Quote(name)
	}
	return fmt.Sprintf("#%d", i+1)
}
