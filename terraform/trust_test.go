package terraform

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A plan made by one process is applied by the next only through Trust with
// the checksum recorded at plan time, and never once its bytes changed.
func TestRunnerTrust(t *testing.T) {
	dir := copyFixture(t, "lifecycle")
	ctx := t.Context()
	planner := newRealRunner(t, dir, Options{})
	if err := planner.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := planner.Plan(ctx, "p.tfplan", PlanOptions{}); err != nil {
		t.Fatal(err)
	}
	sum, ok := planner.PlanSum("p.tfplan")
	if !ok {
		t.Fatal("no recorded sum")
	}
	path := filepath.Join(dir, "p.tfplan")
	orig, _ := os.ReadFile(path)

	// a later run: a fresh runner
	applier := newRealRunner(t, dir, Options{})
	if err := applier.ApplySaved(ctx, path); !errors.Is(err, ErrPlanNotProduced) {
		t.Fatalf("untrusted plan applied: %v", err)
	}
	mustWrite(t, path, string(orig)+"x")
	if err := applier.Trust(ctx, path, sum); !errors.Is(err, ErrPlanModified) {
		t.Fatalf("modified plan trusted: %v", err)
	}
	mustWrite(t, path, string(orig))
	if err := applier.Trust(ctx, path, sum); err != nil {
		t.Fatal(err)
	}
	if err := applier.ApplySaved(ctx, path); err != nil {
		t.Fatal(err)
	}
	if got := stateAddrs(t, applier); len(got) != 3 {
		t.Errorf("state after apply: %v", got)
	}
}

func TestRunnerStateVersion(t *testing.T) {
	dir := copyFixture(t, "lifecycle")
	ctx := t.Context()
	r := newRealRunner(t, dir, Options{})
	if err := r.Init(ctx); err != nil {
		t.Fatal(err)
	}
	before, err := r.StateVersion(ctx)
	if err != nil || before.Serial != 0 {
		t.Fatalf("empty state: %+v %v", before, err)
	}
	if _, err := r.Plan(ctx, "p.tfplan", PlanOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := r.ApplySaved(ctx, "p.tfplan"); err != nil {
		t.Fatal(err)
	}
	after, err := r.StateVersion(ctx)
	if err != nil || after.Lineage == "" || after.Serial == 0 {
		t.Fatalf("state after apply: %+v %v", after, err)
	}
}
