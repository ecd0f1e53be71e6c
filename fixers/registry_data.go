package fixers

import (
	"github.com/driftfix/driftfix/iac"
	"github.com/zclconf/go-cty/cty"
)

// dataRules lists this group's rules in their fixed order.
func dataRules() []Fixer {
	return []Fixer{
		rdsEncryption,
		rdsPublicAccess,
		rdsDeletionProtection,
		rdsBackupRetention,
		kmsKeyRotation,
		cloudtrailLogValidation,
		cloudtrailMultiRegion,
	}
}

// dataWantTrue reports boolean attribute name of r when it is absent (the
// provider default, false, applies) or false, with a fix that sets it to
// true in place. An unknown value is not reported. absent and off are the
// messages for the two cases.
func dataWantTrue(m Meta, r *iac.Resource, name, absent, off string) []Finding {
	on, st := r.Block.Bool(name)
	if st == iac.Unknown || (st == iac.Known && on) {
		return nil
	}
	msg := absent
	if st == iac.Known {
		msg = off
	}
	b := r.Block
	return []Finding{m.New(r, rangeOf(b, name), msg,
		func(ed *iac.Editor) error { return ed.SetAttr(m.ID, b, name, "true") }, "")}
}

// dataIsSet reports whether attribute name is set to something other than
// null or "": a known value, or an expression whose value is unknown.
func dataIsSet(b *iac.Block, name string) bool {
	v, st := b.Get(name)
	switch st {
	case iac.Unknown:
		return true
	case iac.Known:
		return !(v.Type() == cty.String && v.AsString() == "")
	}
	return false
}
