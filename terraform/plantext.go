package terraform

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// unknownText stands for a value Terraform knows only after apply.
const unknownText = "(known after apply)"

// PlanText renders a plan for people, from its JSON: every resource change
// with the attributes it sets or changes, what Terraform saw change outside
// of it, output changes, and Terraform's summary line ("Plan: 1 to add, 0 to
// change, 0 to destroy."). Terraform's own human plan is never used:
// Terraform 1.5 prints there, in clear, sensitive values it copied into
// unmarked attributes, and values too short to search for in text. Render
// a redacted plan (RedactPlan): PlanText prints the values it is given.
func PlanText(plan *tfjson.Plan) string {
	var b strings.Builder
	if plan == nil {
		return ""
	}
	var drift []*tfjson.ResourceChange
	for _, rc := range plan.ResourceDrift {
		if rc != nil && rc.Change != nil && !rc.Change.Actions.NoOp() {
			drift = append(drift, rc)
		}
	}
	if len(drift) > 0 {
		b.WriteString("Objects changed outside of Terraform:\n")
		for _, rc := range drift {
			writeChange(&b, rc, "has changed outside of Terraform")
		}
		b.WriteString("\n")
	}
	var add, change, destroy int
	var changes []*tfjson.ResourceChange
	for _, rc := range plan.ResourceChanges {
		if rc == nil || rc.Change == nil {
			continue
		}
		a := rc.Change.Actions
		switch {
		case a.NoOp():
			if rc.Change.Importing == nil {
				continue
			}
		case a.Create():
			add++
		case a.Update():
			change++
		case a.Delete():
			destroy++
		case a.Replace():
			add++
			destroy++
		}
		changes = append(changes, rc)
	}
	if len(changes) > 0 {
		b.WriteString("Terraform will perform the following actions:\n")
		for _, rc := range changes {
			writeChange(&b, rc, "")
		}
		b.WriteString("\n")
	}
	var outs []string
	for name, oc := range plan.OutputChanges {
		if oc != nil && !oc.Actions.NoOp() {
			outs = append(outs, name)
		}
	}
	slices.Sort(outs)
	if len(changes) == 0 && len(outs) == 0 {
		b.WriteString("No changes. The infrastructure matches the configuration.\n")
		return b.String()
	}
	fmt.Fprintf(&b, "Plan: %d to add, %d to change, %d to destroy.\n", add, change, destroy)
	if len(outs) > 0 {
		b.WriteString("\nChanges to outputs:\n")
		for _, name := range outs {
			oc := plan.OutputChanges[name]
			fmt.Fprintf(&b, "  %s %s = %s\n", symbol(oc.Actions), name, valueChange(oc.Before, oc.After, oc.AfterUnknown, oc.Actions))
		}
	}
	return b.String()
}

func symbol(a tfjson.Actions) string {
	switch {
	case a.Create():
		return "+"
	case a.Delete():
		return "-"
	case a.Replace():
		return "-/+"
	case a.Update():
		return "~"
	case a.Read():
		return "<="
	}
	return " "
}

func verb(a tfjson.Actions) string {
	switch {
	case a.Create():
		return "will be created"
	case a.Delete():
		return "will be destroyed"
	case a.Replace():
		return "must be replaced"
	case a.Update():
		return "will be updated in-place"
	case a.Read():
		return "will be read during apply"
	case a.NoOp():
		return "will be imported"
	}
	return "will be changed (" + joinActions(a) + ")"
}

func joinActions(a tfjson.Actions) string {
	s := make([]string, len(a))
	for i, x := range a {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

func writeChange(b *strings.Builder, rc *tfjson.ResourceChange, how string) {
	c := rc.Change
	if how == "" {
		how = verb(c.Actions)
	}
	fmt.Fprintf(b, "\n  # %s %s\n", rc.Address, how)
	forces := map[string]bool{}
	for _, p := range c.ReplacePaths {
		if steps, ok := p.([]any); ok && len(steps) > 0 {
			if s, ok := steps[0].(string); ok {
				forces[s] = true
			}
		}
	}
	var lines []string
	diffLines(&lines, "", c.Before, c.After, c.AfterUnknown, forces)
	for _, l := range lines {
		b.WriteString("    " + l + "\n")
	}
}

// diffLines appends one line per attribute path that is set, removed or
// changed between before and after.
func diffLines(out *[]string, path string, before, after, unknown any, forces map[string]bool) {
	if isTrue(unknown) {
		*out = append(*out, fmt.Sprintf("%s %s = %s", changeSym(before, true), label(path), arrow(before, unknownText)))
		return
	}
	bm, bIsMap := before.(map[string]any)
	am, aIsMap := after.(map[string]any)
	if (bIsMap || before == nil) && (aIsMap || after == nil) && (bIsMap || aIsMap) && (path == "" || (bIsMap && aIsMap)) {
		um, _ := unknown.(map[string]any)
		keys := map[string]bool{}
		for k := range bm {
			keys[k] = true
		}
		for k := range am {
			keys[k] = true
		}
		for k := range um {
			keys[k] = true
		}
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			p := joinPath(path, k)
			n := len(*out)
			diffLines(out, p, bm[k], am[k], um[k], forces)
			if path == "" && forces[k] {
				for i := n; i < len(*out); i++ {
					(*out)[i] += " # forces replacement"
				}
			}
		}
		return
	}
	bl, bIsList := before.([]any)
	al, aIsList := after.([]any)
	if bIsList && aIsList && len(bl) == len(al) {
		ul, _ := unknown.([]any)
		for i := range al {
			var u any
			if i < len(ul) {
				u = ul[i]
			}
			diffLines(out, fmt.Sprintf("%s[%d]", path, i), bl[i], al[i], u, forces)
		}
		return
	}
	if reflect.DeepEqual(before, after) || (before == nil && isEmpty(after)) || (after == nil && isEmpty(before)) {
		return
	}
	switch {
	case before == nil:
		*out = append(*out, fmt.Sprintf("+ %s = %s", label(path), render(after)))
	case after == nil:
		*out = append(*out, fmt.Sprintf("- %s = %s", label(path), render(before)))
	default:
		*out = append(*out, fmt.Sprintf("~ %s = %s -> %s", label(path), render(before), render(after)))
	}
}

func changeSym(before any, _ bool) string {
	if before == nil {
		return "+"
	}
	return "~"
}

func arrow(before any, after string) string {
	if before == nil {
		return after
	}
	return render(before) + " -> " + after
}

func label(p string) string {
	if p == "" {
		return "(value)"
	}
	return p
}

func joinPath(prefix, key string) string {
	if prefix == "" && isIdent(key) {
		return key
	}
	if isIdent(key) {
		return prefix + "." + key
	}
	q, _ := json.Marshal(key)
	return prefix + "[" + string(q) + "]"
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '-'):
		default:
			return false
		}
	}
	return true
}

func isEmpty(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		return len(t) == 0
	case []any:
		return len(t) == 0
	}
	return false
}

// render prints a value as compact JSON; the masks print bare.
func render(v any) string {
	if s, ok := v.(string); ok && (s == Mask || s == ChangedMask) {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func valueChange(before, after, unknown any, a tfjson.Actions) string {
	if isTrue(unknown) {
		return arrow(before, unknownText)
	}
	switch {
	case a.Create():
		return render(after)
	case a.Delete():
		return render(before)
	}
	return render(before) + " -> " + render(after)
}
