package priority

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
)

func TestSortFindings(t *testing.T) {
	rf := func(addr, rule string, sev fixers.Severity, value int) RankedFinding {
		return RankedFinding{Finding: fixers.Finding{Rule: rule, Address: addr, Severity: sev}, Priority: Score{Value: value}}
	}
	in := []RankedFinding{
		rf("aws_s3_bucket.b", "r1", fixers.Low, 30),
		rf("aws_s3_bucket.a", "r2", fixers.Low, 30),
		rf("aws_s3_bucket.z", "r3", fixers.High, 30),
		rf("aws_s3_bucket.c", "r4", fixers.Medium, 90),
		rf("aws_s3_bucket.a", "r5", fixers.Low, 30), // equal to r2 in every key: keeps its place after it
		rf("aws_s3_bucket.y", "r6", fixers.Critical, 10),
	}
	SortFindings(in)
	var got []string
	for _, f := range in {
		got = append(got, f.Rule)
	}
	// priority first, then severity (r3 high before the lows), then address
	want := []string{"r4", "r3", "r2", "r5", "r1", "r6"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestSortDrift(t *testing.T) {
	rd := func(kind cloud.Kind, addr, id, class string, value int) RankedDrift {
		d := cloud.Drift{Kind: kind, Type: "aws_security_group", ID: id, Address: addr, Class: class}
		if kind == cloud.Changed {
			d.Changes = []cloud.Change{{Path: "x", Class: class}}
		}
		return RankedDrift{Drift: d, Priority: Score{Value: value}}
	}
	in := []RankedDrift{
		rd(cloud.Changed, "aws_security_group.b", "sg-b", "tags", 40),
		rd(cloud.Unmanaged, "", "sg-u", "unknown", 40),
		rd(cloud.Changed, "aws_security_group.a", "sg-a", "tags", 40),
		rd(cloud.Changed, "aws_security_group.c", "sg-c", "network-exposure", 40),
		rd(cloud.Deleted, "aws_security_group.d", "sg-d", "unknown", 80),
	}
	SortDrift(in)
	var got []string
	for _, d := range in {
		got = append(got, d.ID)
	}
	// 80 first; among the 40s critical (network-exposure), medium
	// (unmanaged), then the low tags drift by address
	want := []string{"sg-d", "sg-c", "sg-u", "sg-a", "sg-b"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestScorerRanksDrift(t *testing.T) {
	s := DefaultRules().Scorer(Context{Live: []cloud.Resource{openLiveSG("sg-open")}, Environment: "prod"})
	ranked := s.Drifts([]cloud.Drift{
		{Kind: cloud.Unmanaged, Type: "aws_security_group", ID: "sg-closed", Class: "unknown"},
		{Kind: cloud.Unmanaged, Type: "aws_security_group", ID: "sg-open", Class: "unknown"},
	})
	if ranked[0].ID != "sg-open" || ranked[0].Priority.Value != 55 || ranked[1].Priority.Value != 35 {
		t.Errorf("ranked %+v", ranked)
	}
	out, err := json.Marshal(ranked[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"kind":"unmanaged"`, `"id":"sg-open"`, `"priority":{"value":55,"reasons":["severity medium`, `"signals":[{"name":"severity","points":20},{"name":"internet-facing","points":20},{"name":"environment","points":15}]`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("JSON %s\nlacks %s", out, want)
		}
	}
}

func TestReviewAbove(t *testing.T) {
	scores := []Score{
		{Value: 50, Reasons: []string{"severity high", "environment prod"}},
		{Value: 85, Reasons: []string{"severity critical", "internet-facing: aws_db_instance.main is publicly accessible"}},
		{Value: 71},
	}
	tests := []struct {
		t    config.Threshold
		want int // the score returned, or -1 for none
	}{
		{config.Threshold{}, -1},
		{config.Threshold{Priority: 70, Set: true}, 85},
		{config.Threshold{Priority: 85, Set: true}, -1},
		{config.Threshold{Priority: 0, Set: true}, 85},
		{config.Threshold{Priority: 100, Set: true}, -1},
	}
	for _, tt := range tests {
		top, ok := ReviewAbove(tt.t, scores)
		if ok != (tt.want >= 0) || (ok && top.Value != tt.want) {
			t.Errorf("ReviewAbove(%+v) = %d, %v; want %d", tt.t, top.Value, ok, tt.want)
		}
	}
	if _, ok := ReviewAbove(config.Threshold{Priority: 0, Set: true}, nil); ok {
		t.Error("no scores require review")
	}
	th := config.Threshold{Priority: 70, Set: true}
	top, _ := ReviewAbove(th, scores)
	want := "priority 85 (severity critical; internet-facing: aws_db_instance.main is publicly accessible) is above review_above_priority 70"
	if got := ReviewReason(th, top); got != want {
		t.Errorf("ReviewReason = %q\nwant %q", got, want)
	}
}

func TestRulesFromConfigFile(t *testing.T) {
	c, diags := config.Load("../examples/config/driftfix.hcl")
	if diags.HasErrors() {
		t.Fatal(config.FormatDiagnostics(diags))
	}
	// the example documents the defaults: the same scores
	ctx := Context{Module: load(t, closedBucket), Environment: "prod"}
	f := finding("aws_s3_bucket.data", fixers.High)
	if got, want := NewRules(c.Priority()).Finding(ctx, f), DefaultRules().Finding(ctx, f); !reflect.DeepEqual(got, want) {
		t.Errorf("example rules give %v, defaults %v", got, want)
	}
	if got := (Rules{}).Finding(ctx, f); got.Value != 0 {
		t.Errorf("the zero Rules weigh %v", got)
	}
}
