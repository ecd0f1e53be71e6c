package fixers

import (
	"fmt"
	"strconv"

	"github.com/driftfix/driftfix/iac"
)

// Helpers of the rules that check one setting of one resource: a top-level
// attribute or an attribute of a nested block must hold a safe value, or a
// key must be set. Each rule file says which setting and which value; these
// say it the same way every time, and leave unknown values alone.

// eachTrue runs wantTrue on attribute name of every resource of the types.
func eachTrue(in *Input, m Meta, name, absent, off string, types ...string) []Finding {
	var out []Finding
	for _, r := range resources(in.Module, types...) {
		out = append(out, wantTrue(m, r, name, absent, off)...)
	}
	return out
}

// wantAttr reports attribute name of r when it is absent or known and not
// good. fix is the expression the fix writes; "" means the finding is not
// fixable (reason, or the rule's NoFix, says why). An unknown value is not
// reported.
func wantAttr(m Meta, r *iac.Resource, name string, good func(string) bool, absent, fix, reason string) []Finding {
	v, st := r.Block.String(name)
	if st == iac.Unknown || st == iac.Known && good(v) {
		return nil
	}
	msg := absent
	if st == iac.Known {
		msg = fmt.Sprintf("%s is %s", name, shown(v))
	}
	b := r.Block
	var f func(ed *iac.Editor) error
	if fix != "" {
		f = func(ed *iac.Editor) error { return ed.SetAttr(m.ID, b, name, fix) }
	}
	return []Finding{m.New(r, rangeOf(b, name), msg, f, reason)}
}

// wantNested reports attribute attr of the first nested block typ of r when
// the block is missing, the attribute is absent, or its known value is not
// good. fix is the expression the fix writes (adding the block when it is
// missing); "" means not fixable. A dynamic block, or an unknown value, is
// not reported.
func wantNested(m Meta, r *iac.Resource, typ, attr string, good func(string) bool, fix, reason string) []Finding {
	b := r.Block
	if b.HasDynamic(typ) {
		return nil
	}
	var f func(ed *iac.Editor) error
	if fix != "" {
		f = func(ed *iac.Editor) error { return setNested(ed, m.ID, b, typ, attr, fix) }
	}
	nb := b.First(typ)
	if nb == nil {
		return []Finding{m.New(r, nil, fmt.Sprintf("no %s block, so %s is not set", typ, attr), f, reason)}
	}
	v, st := nb.String(attr)
	switch {
	case st == iac.Unknown || st == iac.Known && good(v):
		return nil
	case st == iac.Absent:
		return []Finding{m.New(r, blockRange(nb), fmt.Sprintf("%s does not set %s", typ, attr), f, reason)}
	}
	return []Finding{m.New(r, rangeOf(nb, attr), fmt.Sprintf("%s.%s is %s", typ, attr, shown(v)), f, reason)}
}

// wantKey reports r when attribute name (a KMS key) is not set: the data is
// then encrypted with a key AWS owns or manages, which no key policy of the
// account controls. Never fixable: which key, and who may use it, is a
// decision (m.NoFix says so).
func wantKey(m Meta, r *iac.Resource, b *iac.Block, name, msg string) []Finding {
	if isSet(b, name) {
		return nil
	}
	at := rangeOf(b, name)
	if at == nil && b != r.Block {
		at = blockRange(b)
	}
	return []Finding{m.New(r, at, msg, nil, "")}
}

func is(want ...string) func(string) bool {
	return func(v string) bool {
		for _, w := range want {
			if v == w {
				return true
			}
		}
		return false
	}
}

// cmkNoFix is why the customer-managed-key rules never fix.
const cmkNoFix = "a customer-managed key is a decision: which key, who may use it (its key policy) and what it costs; create or choose a KMS key and set it by hand"

// shown is a value for a message: true and false bare, strings quoted.
func shown(v string) string {
	if v == "true" || v == "false" {
		return v
	}
	return strconv.Quote(v)
}
