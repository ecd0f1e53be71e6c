package fixers

import (
	"fmt"

	"github.com/driftfix/driftfix/iac"
)

// passwordAtLeast reports a numeric setting of the account password policy
// that is absent (then def applies) or below min; the fix writes fix.
func passwordAtLeast(in *Input, m Meta, name string, def, min, fix float64) []Finding {
	var out []Finding
	for _, r := range resources(in.Module, "aws_iam_account_password_policy") {
		v, st := r.Block.Number(name)
		var msg string
		switch {
		case st == iac.Unknown || st == iac.Known && v >= min:
			continue
		case st == iac.Absent && def == 0:
			msg = fmt.Sprintf("%s is not set, so it is off", name)
		case st == iac.Absent:
			msg = fmt.Sprintf("%s is not set, so it is %g", name, def)
		default:
			msg = fmt.Sprintf("%s is %g, below %g", name, v, min)
		}
		b := r.Block
		out = append(out, m.New(r, rangeOf(b, name), msg,
			func(ed *iac.Editor) error { return ed.SetAttr(m.ID, b, name, fmt.Sprint(fix)) }, ""))
	}
	return out
}
