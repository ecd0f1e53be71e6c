package pipeline

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/internal/testenv"
	"github.com/driftfix/driftfix/policy"
	tfjson "github.com/hashicorp/terraform-json"
)

// Fixing a lone bucket adds the companions; the real provider plan for that
// change matches the fixes' intent and auto-applies under the dev policy,
// while the same plan judged against an empty intent goes to review.
func TestIntentMatchesRealPlan(t *testing.T) {
	all := fixers.All()
	fr, err := fixers.Fix(context.Background(), os.DirFS("testdata/s3-add-companions"), ".", all, fixers.Input{}, fixers.FixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	intent := IntentOf(fr, all)
	for _, addr := range []string{"aws_s3_bucket_versioning.logs", "aws_s3_bucket_server_side_encryption_configuration.logs", "aws_s3_bucket_public_access_block.logs"} {
		if !contains(intent[addr], "*") {
			t.Errorf("intent for %s = %v, want the whole resource", addr, intent[addr])
		}
	}
	data, err := os.ReadFile(filepath.Join(testenv.PlanFixtures(), "s3-add-companions", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var plan tfjson.Plan
	if err := json.Unmarshal(data, &plan); err != nil {
		t.Fatal(err)
	}
	table := policy.DefaultTable(all)
	c := policy.Classify(&plan, table)
	if d := policy.Gate(c, policy.DefaultPolicy("dev", table), table, intent); d.Decision != policy.AutoApply {
		t.Fatalf("decision %s, want auto-apply: %v", d.Decision, d.Reasons)
	}
	d := policy.Gate(c, policy.DefaultPolicy("dev", table), table, policy.Intent{})
	if d.Decision != policy.Review || !strings.Contains(strings.Join(d.Reasons, " "), "no applied fix meant") {
		t.Fatalf("an empty intent must send the plan to review: %v", d)
	}
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}
