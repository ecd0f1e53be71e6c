package fixers_test

import (
	"context"
	"testing"
	"testing/fstest"
	"time"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
)

// A finding names the attribute it is about, and its fingerprint (rule,
// address, attribute) does not move with the code.
func TestFindingAttributeAndFingerprint(t *testing.T) {
	src := `resource "aws_db_instance" "db" {
  identifier          = "db"
  deletion_protection = false
}

resource "aws_sqs_queue" "q" {
  name = "q"
}
`
	moved := "# a comment that moves every line\n\n" + src
	check := func(src string) map[string]fixers.Finding {
		m := iac.Load(context.Background(), fstest.MapFS{"main.tf": {Data: []byte(src)}}, ".")
		in := fixers.Input{Module: m, RequiredTags: []fixers.RequiredTag{{Key: "owner"}, {Key: "team"}}}
		out := map[string]fixers.Finding{}
		for _, f := range fixers.Check(context.Background(), fixers.All(), &in, time.Now()).Findings {
			out[f.Rule+" "+f.Address+" "+f.Attribute] = f
		}
		return out
	}
	before, after := check(src), check(moved)
	for _, want := range []string{
		"aws-rds-deletion-protection aws_db_instance.db deletion_protection",
		"aws-required-tags aws_sqs_queue.q tags.owner",
		"aws-required-tags aws_sqs_queue.q tags.team",
	} {
		f, ok := before[want]
		if !ok {
			t.Errorf("no finding %q in %v", want, keys(before))
			continue
		}
		g := after[want]
		if f.Line == g.Line || f.Fingerprint() != g.Fingerprint() {
			t.Errorf("%s: line %d → %d, fingerprint %s → %s; want a new line and the same fingerprint", want, f.Line, g.Line, f.Fingerprint(), g.Fingerprint())
		}
	}
	if a, b := before["aws-required-tags aws_sqs_queue.q tags.owner"], before["aws-required-tags aws_sqs_queue.q tags.team"]; a.Fingerprint() == b.Fingerprint() {
		t.Error("two tags, one fingerprint")
	}
}

func keys(m map[string]fixers.Finding) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
