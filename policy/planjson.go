package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/driftfix/driftfix/fixers"
	"github.com/hashicorp/go-version"
	tfjson "github.com/hashicorp/terraform-json"
)

// KnownFormat is the newest plan JSON format_version whose every field
// driftfix knows. A newer minor version of format 1 may add fields whose
// meaning the classifier cannot see: such a plan is classified, and always
// reviewed.
const KnownFormat = "1.2"

// Plan is a plan JSON decoded for classification: the plan, and what about
// the plan as a whole makes it unfit to apply without a human (facts that
// Terraform writes but tfjson does not decode, such as errored and
// applyable, and a format newer than driftfix knows).
type Plan struct {
	*tfjson.Plan
	Problems []string
}

// Classify classifies the plan (see Classify) with its plan-level problems.
func (p *Plan) Classify(table *Table) Classification {
	c := Classify(p.Plan, table)
	if len(p.Problems) > 0 {
		c.Problems = append(append([]string(nil), p.Problems...), c.Problems...)
		c.Risk = fixers.RiskHigh
	}
	return c
}

// DecodePlan decodes the output of `terraform show -json PLANFILE`. It is an
// error when data is not JSON, is a Terraform state (a state file, or `show
// -json` of a state), is any other JSON that is not a plan, or has a
// format_version driftfix cannot read (missing, unparsable, or a major
// version other than 0 or 1). Numbers are kept as json.Number.
func DecodePlan(data []byte) (*Plan, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return nil, fmt.Errorf("not a plan: the JSON is %s, not an object (make one with terraform show -json PLANFILE)", typeErr.Value)
		}
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	_, hasPlanned := top["planned_values"]
	_, hasChanges := top["resource_changes"]
	switch {
	case has(top, "lineage", "serial") || has(top, "resources") && !hasPlanned:
		return nil, errors.New("this is a Terraform state file, not a plan (make a plan JSON with terraform show -json PLANFILE)")
	case has(top, "values") && !hasPlanned && !hasChanges:
		return nil, errors.New("this is the JSON of a Terraform state (terraform show -json without a plan file), not a plan; give terraform show -json PLANFILE")
	case !hasPlanned && !hasChanges:
		return nil, fmt.Errorf("not a plan: the JSON has none of a plan's fields (planned_values, resource_changes); it has %s", keyList(top))
	}
	var fv string
	if raw, ok := top["format_version"]; !ok {
		return nil, errors.New("not a plan: format_version is missing")
	} else if err := json.Unmarshal(raw, &fv); err != nil {
		return nil, fmt.Errorf("not a plan: format_version is not a string: %s", raw)
	}
	v, err := version.NewVersion(fv)
	if err != nil {
		return nil, fmt.Errorf("plan format_version %q is not a version", fv)
	}
	var problems []string
	switch seg := v.Segments(); {
	case seg[0] > 1:
		return nil, fmt.Errorf("plan format_version %s is newer than driftfix reads (format 1.x, up to %s)", fv, KnownFormat)
	case v.GreaterThan(version.Must(version.NewVersion(KnownFormat))):
		problems = append(problems, fmt.Sprintf("the plan's format_version %s is newer than the %s driftfix knows: it may hold changes the classifier cannot see", fv, KnownFormat))
	}
	plan := &tfjson.Plan{}
	plan.UseJSONNumber(true)
	if err := json.Unmarshal(data, plan); err != nil {
		return nil, fmt.Errorf("not a plan: %w", err)
	}
	var flags struct {
		Errored   *bool `json:"errored"`
		Applyable *bool `json:"applyable"`
	}
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&flags); err != nil {
		return nil, fmt.Errorf("not a plan: %w", err)
	}
	if flags.Errored != nil && *flags.Errored {
		problems = append(problems, "the plan errored (errored: true): it is not the whole plan")
	}
	if flags.Applyable != nil && !*flags.Applyable {
		problems = append(problems, "Terraform says the plan cannot be applied (applyable: false)")
	}
	return &Plan{Plan: plan, Problems: problems}, nil
}

func has(m map[string]json.RawMessage, keys ...string) bool {
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}

func keyList(m map[string]json.RawMessage) string {
	if len(m) == 0 {
		return "no fields"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 6 {
		keys = append(keys[:6], "…")
	}
	return strings.Join(keys, ", ")
}
