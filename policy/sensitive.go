package policy

import (
	"reflect"
	"sort"

	tfjson "github.com/hashicorp/terraform-json"
)

// Sensitive values in a redacted plan JSON (driftfix's own plan.json, or any
// plan whose values were masked): Terraform marks them in
// before_sensitive/after_sensitive, and a redactor replaces the values with
// a mask on both sides, so a changed secret and an unchanged one look the
// same. The classifier never takes the mask for "unchanged": a marked path
// whose before and after both read RedactedMask may have changed, and is
// classified as a changed path. A redactor that knows the value did not
// change writes RedactedUnchanged on both sides instead (MarkUnchanged),
// and then the path is not a change.

const (
	// RedactedMask is what driftfix's redactor writes for a sensitive value
	// (terraform.Mask).
	RedactedMask = "(sensitive)"
	// RedactedUnchanged is written on both sides of a sensitive value that
	// the plan does not change.
	RedactedUnchanged = "(sensitive, unchanged)"
)

// maskedPaths lists the paths marked sensitive (on either side) whose
// before and after are both RedactedMask: changes the redaction hid.
func maskedPaths(c *tfjson.Change) []string {
	if c == nil {
		return nil
	}
	found := map[string]bool{}
	for _, mask := range []any{c.BeforeSensitive, c.AfterSensitive} {
		walkMask("", mask, c.Before, c.After, func(p string, b, a any) {
			if b == RedactedMask && a == RedactedMask {
				found[nonEmpty(p)] = true
			}
		})
	}
	out := make([]string, 0, len(found))
	for p := range found {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// walkMask calls f with every path a sensitivity mask marks, and the
// values of before and after there.
func walkMask(prefix string, mask, before, after any, f func(path string, before, after any)) {
	switch m := mask.(type) {
	case bool:
		if m {
			f(prefix, before, after)
		}
	case map[string]any:
		bm, _ := before.(map[string]any)
		am, _ := after.(map[string]any)
		for _, k := range sortedMapKeys(m) {
			walkMask(joinKey(prefix, k), m[k], bm[k], am[k], f)
		}
	case []any:
		bl, _ := before.([]any)
		al, _ := after.([]any)
		for i, sub := range m {
			var b, a any
			if i < len(bl) {
				b = bl[i]
			}
			if i < len(al) {
				a = al[i]
			}
			walkMask(joinIndex(prefix, i), sub, b, a, f)
		}
	}
}

// MarkUnchanged rewrites redacted, the redacted copy of plan, so that every
// sensitive value plan does not change reads RedactedUnchanged on both
// sides, where the redactor wrote RedactedMask. Then classifying the
// redacted copy gives what classifying plan gives: masked values that
// changed still read as possibly changed, and unchanged ones do not. It
// writes only those two constants, never a value from plan. Changes are
// matched by position and address; anything that does not line up is left
// as it is (and then reads as possibly changed).
func MarkUnchanged(plan, redacted *tfjson.Plan) {
	if plan == nil || redacted == nil {
		return
	}
	pairs := func(a, b []*tfjson.ResourceChange) {
		if len(a) != len(b) {
			return
		}
		for i := range a {
			if a[i] == nil || b[i] == nil || a[i].Address != b[i].Address || a[i].Change == nil || b[i].Change == nil {
				continue
			}
			markChange(a[i].Change, b[i].Change)
		}
	}
	pairs(plan.ResourceChanges, redacted.ResourceChanges)
	pairs(plan.ResourceDrift, redacted.ResourceDrift)
}

func markChange(orig, red *tfjson.Change) {
	for _, mask := range []any{orig.BeforeSensitive, orig.AfterSensitive} {
		red.Before, red.After = markTree(mask, orig.Before, orig.After, red.Before, red.After)
	}
}

// markTree walks a mask over the original and the redacted values together
// and returns the redacted values, rewritten where a masked value did not
// change.
func markTree(mask, ob, oa, rb, ra any) (any, any) {
	switch m := mask.(type) {
	case bool:
		if m && reflect.DeepEqual(ob, oa) && (rb == RedactedMask || ra == RedactedMask) &&
			(rb == RedactedMask || rb == RedactedUnchanged) && (ra == RedactedMask || ra == RedactedUnchanged) {
			return RedactedUnchanged, RedactedUnchanged
		}
	case map[string]any:
		obm, _ := ob.(map[string]any)
		oam, _ := oa.(map[string]any)
		rbm, _ := rb.(map[string]any)
		ram, _ := ra.(map[string]any)
		if rbm == nil || ram == nil {
			return rb, ra
		}
		for k, sub := range m {
			_, inB := rbm[k]
			_, inA := ram[k]
			if !inB || !inA {
				continue
			}
			rbm[k], ram[k] = markTree(sub, obm[k], oam[k], rbm[k], ram[k])
		}
	case []any:
		obl, _ := ob.([]any)
		oal, _ := oa.([]any)
		rbl, _ := rb.([]any)
		ral, _ := ra.([]any)
		for i, sub := range m {
			if i >= len(obl) || i >= len(oal) || i >= len(rbl) || i >= len(ral) {
				break
			}
			rbl[i], ral[i] = markTree(sub, obl[i], oal[i], rbl[i], ral[i])
		}
	}
	return rb, ra
}
