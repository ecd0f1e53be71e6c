package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/internal/testenv"
	"github.com/driftfix/driftfix/policy"
	"github.com/driftfix/driftfix/terraform"
	tfjson "github.com/hashicorp/terraform-json"
)

func readPlan(t *testing.T, path string) *tfjson.Plan {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := &tfjson.Plan{}
	p.UseJSONNumber(true)
	if err := json.Unmarshal(data, p); err != nil {
		t.Fatal(err)
	}
	return p
}

// rds is an RDS instance whose password (sensitive) is before → after while
// deletion protection goes from off to on.
func rds(before, after string) *tfjson.Plan {
	return &tfjson.Plan{FormatVersion: "1.2", ResourceChanges: []*tfjson.ResourceChange{{
		Address: "aws_db_instance.d", Type: "aws_db_instance", Name: "d", Mode: tfjson.ManagedResourceMode,
		Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionUpdate},
			Before:          map[string]any{"password": before, "deletion_protection": false, "engine": "postgres"},
			After:           map[string]any{"password": after, "deletion_protection": true, "engine": "postgres"},
			AfterUnknown:    map[string]any{},
			BeforeSensitive: map[string]any{"password": true},
			AfterSensitive:  map[string]any{"password": true},
		}}}}
}

// The plan.json driftfix saves is redacted, yet classifying it decides what
// classifying the plan decided: a secret that changes still reads as a
// change (a hidden change must not let a plan through), and one that does
// not change does not read as one.
func TestSavedPlanJSONJudgesAsThePlan(t *testing.T) {
	table := policy.DefaultTable(fixers.All())
	pol := policy.DefaultPolicy("dev", table)
	tests := []struct {
		name string
		plan *tfjson.Plan
		want string
	}{
		{"unchanged password, deletion protection on", rds("hunter2-unchanged", "hunter2-unchanged"), policy.AutoApply},
		{"changed password, deletion protection on", rds("hunter2-old", "hunter2-new"), policy.Review},
		{"the real sensitive fixture", readPlan(t, filepath.Join(testenv.PlanFixtures(), "sensitive", "plan.json")), policy.Review},
		{"the real tags-only fixture", readPlan(t, filepath.Join(testenv.PlanFixtures(), "tags-only", "plan.json")), policy.AutoApply},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, orig := Judge(tt.plan, true, table, pol, nil)
			if orig.Decision != tt.want {
				t.Fatalf("the plan itself: %v", orig)
			}
			data, err := SavedPlanJSON(terraform.NewRedactor(nil), tt.plan)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(data), "hunter2") || strings.Contains(string(data), "fixture-not-a-secret") {
				t.Fatalf("the saved JSON holds a secret:\n%s", data)
			}
			saved, err := policy.DecodePlan(data)
			if err != nil {
				t.Fatal(err)
			}
			c := saved.Classify(table)
			if d := policy.Gate(c, pol, table, nil); d.Decision != orig.Decision {
				t.Fatalf("the saved JSON decides %s (%q), the plan %s (%q)", d.Decision, d.Reasons, orig.Decision, orig.Reasons)
			}
		})
	}
}

// classify of a saved plan.json finds the intent plan judged it with in the
// classification.json beside it, and only when that record is the plan's.
func TestSavedIntent(t *testing.T) {
	dir := t.TempDir()
	data := []byte(`{"format_version": "1.2", "planned_values": {}}` + "\n")
	sum := sha256.Sum256(data)
	intent := policy.Intent{"aws_s3_bucket.b": {"tags"}}
	if err := writeRecord(dir, &Record{Project: "app", PlanJSONSHA256: hex.EncodeToString(sum[:]), Intent: intent}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, PlanJSONFile)
	if got := SavedIntent(path, data); !reflect.DeepEqual(got, intent) {
		t.Errorf("SavedIntent = %v, want %v", got, intent)
	}
	if got := SavedIntent(path, append(data, ' ')); got != nil {
		t.Errorf("another file's bytes took the record's intent: %v", got)
	}
	if got := SavedIntent(filepath.Join(t.TempDir(), "plan.json"), data); got != nil {
		t.Errorf("no record: %v", got)
	}
}
