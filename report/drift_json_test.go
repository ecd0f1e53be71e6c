package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/codify"
)

// drift --codify --dry-run --format json carries the diff and what would be
// codified, not only the drift; a plain drift check's JSON has neither.
func TestDriftJSONCarriesTheCodifyResult(t *testing.T) {
	items := []cloud.Drift{{Kind: cloud.Changed, Type: "aws_s3_bucket", ID: "b", Address: "aws_s3_bucket.b",
		Changes: []cloud.Change{{Path: "tags.team", Actual: "data", Class: "tags", Remediation: cloud.Codify}}}}
	tests := []struct {
		name string
		d    Drift
		want map[string]any // keys that must be there, with these values; nil: must be absent
	}{
		{"plain", Drift{Project: "p", Items: items},
			map[string]any{"codified": nil, "diff": nil, "dry_run": nil}},
		{"codify dry run", Drift{Project: "p", Items: items, DryRun: true, Diff: "--- a/main.tf\n+++ b/main.tf\n",
			Codified: []codify.Codified{{Address: "aws_s3_bucket.b", Path: "tags.team", Value: "data", File: "main.tf", Line: 3}},
			Skipped:  []codify.Skip{{Address: "aws_s3_bucket.c", Path: "tags.x", Reason: "an expression"}}},
			map[string]any{"dry_run": true, "diff": "--- a/main.tf\n+++ b/main.tf\n",
				"codified": []any{map[string]any{"address": "aws_s3_bucket.b", "path": "tags.team", "value": "data", "file": "main.tf", "line": 3.0}},
				"skipped":  []any{map[string]any{"address": "aws_s3_bucket.c", "path": "tags.x", "reason": "an expression"}}}},
		{"codify written", Drift{Project: "p", Items: items, Written: []string{"main.tf", "driftfix_imports.tf"}},
			map[string]any{"written": []any{"main.tf", "driftfix_imports.tf"}, "dry_run": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := RenderDrift(&buf, "json", &tt.d, Options{}); err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if _, ok := got["drift"]; !ok {
				t.Errorf("no drift key: %s", buf.String())
			}
			for k, want := range tt.want {
				g, ok := got[k]
				if want == nil {
					if ok {
						t.Errorf("%s = %v, want it absent", k, g)
					}
					continue
				}
				gj, _ := json.Marshal(g)
				wj, _ := json.Marshal(want)
				if string(gj) != string(wj) {
					t.Errorf("%s = %s, want %s", k, gj, wj)
				}
			}
		})
	}
}
