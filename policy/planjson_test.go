package policy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/internal/testenv"
)

// fixtureTree reads a plan fixture as a generic JSON tree to mutate.
func fixtureTree(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testenv.PlanFixtures(), name))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func firstChange(m map[string]any) map[string]any {
	return m["resource_changes"].([]any)[0].(map[string]any)
}

// classify fails closed: every way a plan JSON can be malformed, partial or
// not a plan at all is a review with the reason, or an error; never an
// auto-apply. The base plan (tags only) auto-applies under the dev policy,
// so each case differs from an auto-apply by its one mutation.
func TestClassifyFailsClosed(t *testing.T) {
	tb := DefaultTable(fixers.All())
	tests := []struct {
		name   string
		mutate func(m map[string]any) any // returns the document to encode
		raw    string                     // used instead when set
		err    string                     // want an error containing this
		reason string                     // else want review with a reason containing this
	}{
		{name: "base plan", mutate: func(m map[string]any) any { return m }},
		{name: "resource change without change", mutate: func(m map[string]any) any {
			delete(firstChange(m), "change")
			return m
		}, reason: "aws_s3_bucket.assets: malformed resource change (no change)"},
		{name: "unknown action", mutate: func(m map[string]any) any {
			firstChange(m)["change"].(map[string]any)["actions"] = []any{"explode"}
			return m
		}, reason: `actions "explode" that Terraform does not write`},
		{name: "empty actions", mutate: func(m map[string]any) any {
			firstChange(m)["change"].(map[string]any)["actions"] = []any{}
			return m
		}, reason: "no actions"},
		{name: "missing actions", mutate: func(m map[string]any) any {
			delete(firstChange(m)["change"].(map[string]any), "actions")
			return m
		}, reason: "no actions"},
		{name: "update and create at once", mutate: func(m map[string]any) any {
			firstChange(m)["change"].(map[string]any)["actions"] = []any{"update", "create"}
			return m
		}, reason: `actions "update,create"`},
		{name: "missing type", mutate: func(m map[string]any) any {
			delete(firstChange(m), "type")
			return m
		}, reason: "no type"},
		{name: "missing address", mutate: func(m map[string]any) any {
			delete(firstChange(m), "address")
			return m
		}, reason: "resource_changes[0]: malformed resource change (no address)"},
		{name: "missing mode", mutate: func(m map[string]any) any {
			delete(firstChange(m), "mode")
			return m
		}, reason: "neither managed nor data"},
		{name: "duplicate address", mutate: func(m map[string]any) any {
			rcs := m["resource_changes"].([]any)
			m["resource_changes"] = append(rcs, rcs[0])
			return m
		}, reason: "the same address as another resource change"},
		{name: "read of a managed resource", mutate: func(m map[string]any) any {
			rcs := m["resource_changes"].([]any)
			rcs[1].(map[string]any)["change"].(map[string]any)["actions"] = []any{"read"}
			return m
		}, reason: "a read of a managed resource"},
		{name: "errored", mutate: func(m map[string]any) any {
			m["errored"] = true
			return m
		}, reason: "the plan errored"},
		{name: "errored with no changes", mutate: func(m map[string]any) any {
			m["errored"] = true
			m["resource_changes"] = []any{}
			return m
		}, reason: "the plan errored"},
		{name: "not applyable", mutate: func(m map[string]any) any {
			m["applyable"] = false
			return m
		}, reason: "applyable: false"},
		{name: "incomplete", mutate: func(m map[string]any) any {
			m["complete"] = false
			return m
		}, reason: "complete: false"},
		{name: "deferred changes", mutate: func(m map[string]any) any {
			m["deferred_changes"] = []any{map[string]any{"reason": "resource_config_unknown", "resource_change": firstChange(m)}}
			return m
		}, reason: "defers 1 change"},
		{name: "action invocations", mutate: func(m map[string]any) any {
			m["action_invocations"] = []any{map[string]any{"address": "action.aws_lambda_invoke.x", "type": "aws_lambda_invoke", "name": "x"}}
			return m
		}, reason: "invokes 1 action"},
		{name: "newer minor format", mutate: func(m map[string]any) any {
			m["format_version"] = "1.9"
			return m
		}, reason: "format_version 1.9 is newer"},
		{name: "format 2", mutate: func(m map[string]any) any {
			m["format_version"] = "2.0"
			return m
		}, err: "format_version 2.0 is newer than driftfix reads"},
		{name: "format version missing", mutate: func(m map[string]any) any {
			delete(m, "format_version")
			return m
		}, err: "format_version is missing"},
		{name: "format version not a version", mutate: func(m map[string]any) any {
			m["format_version"] = "latest"
			return m
		}, err: `format_version "latest" is not a version`},
		{name: "state JSON (terraform show -json)", raw: readFixture(t, "drift-revert/state.json"), err: "state"},
		{name: "state file", raw: `{"version": 4, "terraform_version": "1.5.7", "serial": 3, "lineage": "x", "outputs": {}, "resources": []}`, err: "state file"},
		{name: "empty state JSON", raw: `{"format_version": "1.0"}`, err: "not a plan"},
		{name: "an object of something else", raw: `{"name": "x"}`, err: "none of a plan's fields"},
		{name: "a list", raw: `[]`, err: "not an object"},
		{name: "null", raw: `null`, err: "not a plan"},
		{name: "not JSON", raw: `resource "x" "y" {}`, err: "not JSON"},
		{name: "empty file", raw: ``, err: "not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.raw)
			if tt.mutate != nil {
				var err error
				if data, err = json.Marshal(tt.mutate(fixtureTree(t, "tags-only/plan.json"))); err != nil {
					t.Fatal(err)
				}
			}
			p, err := DecodePlan(data)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c := p.Classify(tb)
			d := Gate(c, allowAll(tb), tb, nil)
			if tt.reason == "" {
				if d.Decision != AutoApply {
					t.Fatalf("the base plan must auto-apply: %v", d)
				}
				return
			}
			if d.Decision != Review {
				t.Fatalf("decision %s, want review; reasons %q", d.Decision, d.Reasons)
			}
			if !strings.Contains(strings.Join(d.Reasons, "\n"), tt.reason) {
				t.Errorf("reasons %q lack %q", d.Reasons, tt.reason)
			}
		})
	}
}

func readFixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testenv.PlanFixtures(), name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
