package report

import (
	"bytes"
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

func fixturePlan(t *testing.T) *Plan {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testenv.PlanFixtures(), "drift-revert", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p tfjson.Plan
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	table := policy.DefaultTable(fixers.All())
	c := policy.Classify(&p, table)
	return &Plan{Project: "app", Environment: "dev", Classification: c, Decision: policy.Gate(c, policy.DefaultPolicy("dev", table), table, nil)}
}

func TestPlanGoldens(t *testing.T) {
	p := fixturePlan(t)
	p.PlanText = "Terraform will perform the following actions:\n  ~ update in-place\n"
	for _, format := range []string{"text", "json", "markdown"} {
		r, err := ForPlan(format)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r(&b, p, Options{}); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "plan.golden."+format)
		if *update {
			os.WriteFile(golden, b.Bytes(), 0o644)
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./report -update)", err)
		}
		if b.String() != string(want) {
			t.Errorf("%s output differs from %s:\n%s", format, golden, b.String())
		}
	}
	if _, err := ForPlan("sarif"); err == nil {
		t.Error("sarif is not a plan format")
	}
}

// The JSON shape is the documented one, with arrays, never null.
func TestPlanJSONShape(t *testing.T) {
	var b bytes.Buffer
	if err := renderJSONPlan(&b, &Plan{Project: "x", Decision: policy.Decision{Decision: policy.NoChanges}}, Options{}); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(b.Bytes(), &m)
	for _, k := range []string{"project", "decision", "reasons", "changes", "drift"} {
		if _, ok := m[k]; !ok {
			t.Errorf("missing key %s in %s", k, b.String())
		}
	}
	if strings.Contains(b.String(), "null") {
		t.Errorf("null in %s", b.String())
	}
}

// A plan text too long for one comment is split over several, none longer
// than the limit, and nothing is lost.
func TestMarkdownSplits(t *testing.T) {
	p := fixturePlan(t)
	var text strings.Builder
	for i := 0; text.Len() < 3*MaxCommentChars; i++ {
		text.WriteString(strings.Repeat("x", i%200) + "\n")
	}
	text.WriteString(strings.Repeat("y", MaxCommentChars+10) + "\n") // one line longer than a comment
	p.PlanText = text.String()
	comments, err := MarkdownComments(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(comments) < 4 {
		t.Fatalf("want at least 4 comments, got %d", len(comments))
	}
	var joined strings.Builder
	for i, c := range comments {
		if len(c) > MaxCommentChars {
			t.Errorf("comment %d has %d characters", i, len(c))
		}
		if i == 0 && !strings.Contains(c, "**Decision: review**") {
			t.Errorf("first comment lacks the decision")
		}
		if i > 0 {
			start := strings.Index(c, "```\n") + 4
			end := strings.LastIndex(c, "\n```")
			joined.WriteString(c[start:end])
		}
	}
	if joined.String() != p.PlanText {
		t.Errorf("the split plan text does not add up to the original (%d vs %d chars)", joined.Len(), len(p.PlanText))
	}
}

// Whether the decision was checked against a fix run's intent is shown.
func TestPlanShowsIntent(t *testing.T) {
	p := fixturePlan(t)
	for _, format := range []string{"text", "markdown"} {
		r, _ := ForPlan(format)
		for _, intent := range []bool{false, true} {
			p.Intent = intent
			var b bytes.Buffer
			if err := r(&b, p, Options{}); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(b.String(), "the last driftfix fix meant to change") || strings.Contains(b.String(), "the last `driftfix fix` meant to change"); got != intent {
				t.Errorf("%s with intent=%v: mention=%v", format, intent, got)
			}
		}
	}
}
