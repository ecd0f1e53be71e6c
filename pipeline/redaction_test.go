package pipeline

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/policy"
	"github.com/driftfix/driftfix/terraform"
	tfjson "github.com/hashicorp/terraform-json"
)

// classify of driftfix's saved plan.json decides as plan did: over many
// random updates with sensitive values (whole maps with sensitive keys,
// scalars, list elements; marked on both sides or the after side only;
// copied unmarked into a computed attribute as Terraform 1.5 does), the
// redacted plan, written and read back as plan.json is, classifies to the
// same paths, classes and decision as the plan in clear, and no sensitive
// key is in those paths.
func TestRedactedPlanClassifiesAlike(t *testing.T) {
	table := policy.DefaultTable(fixers.All())
	pol := policy.DefaultPolicy("dev", table)
	rng := rand.New(rand.NewSource(7))
	for i := range 1000 {
		plan, secrets := randomSensitivePlan(rng)
		want := policy.Classify(plan, table)
		b, err := json.Marshal(terraform.RedactPlan(plan))
		if err != nil {
			t.Fatal(err)
		}
		var back tfjson.Plan
		back.UseJSONNumber(true)
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("plan %d: %v", i, err)
		}
		got := policy.Classify(&back, table)
		if !reflect.DeepEqual(got, want) {
			clear, _ := json.Marshal(plan)
			t.Fatalf("plan %d classifies differently once redacted:\nclear    %+v\nredacted %+v\nplan %s\nredacted %s", i, want, got, clear, b)
		}
		if d1, d2 := policy.Gate(want, pol, table, nil), policy.Gate(got, pol, table, nil); !reflect.DeepEqual(d1, d2) {
			t.Fatalf("plan %d: decision %v, redacted %v", i, d1, d2)
		}
		paths, _ := json.Marshal(want)
		for _, s := range secrets {
			if strings.Contains(string(paths), s) {
				t.Fatalf("plan %d: %q in the classification %s", i, s, paths)
			}
		}
	}
}

// randomSensitivePlan is an update of one resource whose attributes are
// maps, scalars and lists, some sensitive on both sides, some on the after
// side only (a value that becomes sensitive). Sensitive values and keys are
// "S<n>", plain ones "p<n>"/"k<n>", so that a leak is easy to see.
func randomSensitivePlan(rng *rand.Rand) (*tfjson.Plan, []string) {
	var secrets []string
	secret := func() string {
		s := fmt.Sprintf("S%d", rng.Intn(3))
		secrets = append(secrets, s)
		return s
	}
	plain := func() any { return fmt.Sprintf("p%d", rng.Intn(3)) }
	before, after := map[string]any{}, map[string]any{}
	bMask, aMask := map[string]any{}, map[string]any{}
	// mark decides whether name is sensitive (both sides, after only, or
	// not at all) and sets its masks.
	mark := func(name string, m any) bool {
		switch rng.Intn(3) {
		case 0:
			bMask[name], aMask[name] = m, m
			return true
		case 1:
			aMask[name] = m
			return true
		}
		return false
	}
	value := func(sensitive bool) any {
		if sensitive {
			return secret()
		}
		return plain()
	}
	mapOf := func(sensitive bool) any {
		m := map[string]any{}
		for range rng.Intn(3) {
			k := fmt.Sprintf("k%d", rng.Intn(3))
			if sensitive {
				k = secret()
			}
			m[k] = plain()
		}
		return m
	}
	for _, name := range []string{"tags", "input", "value", "list", "plain"} {
		switch name {
		case "tags", "input":
			s := mark(name, true)
			before[name], after[name] = mapOf(s), mapOf(s)
			if rng.Intn(3) == 0 {
				after[name] = before[name]
			}
		case "value":
			s := mark(name, true)
			before[name], after[name] = value(s), value(s)
			if rng.Intn(4) == 0 {
				after[name] = nil
			}
		case "list":
			s := mark(name, []any{false, true})
			before[name] = []any{plain(), value(s)}
			after[name] = []any{plain(), value(s)}
		case "plain":
			before[name], after[name] = plain(), plain()
		}
	}
	// Terraform 1.5 copies an input, unmarked, into the computed output,
	// which is known after apply when the input changes.
	before["output"] = before["input"]
	unknown := map[string]any{}
	if reflect.DeepEqual(before["input"], after["input"]) {
		after["output"] = after["input"]
	} else {
		unknown["output"] = true
	}
	return &tfjson.Plan{
		FormatVersion: "1.2",
		ResourceChanges: []*tfjson.ResourceChange{{
			Address: "terraform_data.t", Type: "terraform_data", Name: "t", Mode: tfjson.ManagedResourceMode,
			Change: &tfjson.Change{
				Actions: tfjson.Actions{tfjson.ActionUpdate},
				Before:  before, After: after, BeforeSensitive: bMask, AfterSensitive: aMask,
				AfterUnknown: unknown,
			},
		}},
	}, secrets
}
