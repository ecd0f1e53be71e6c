package main

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/driftfix/driftfix/internal/testenv"
)

var kinds = map[string]bool{
	"peer false positive": true, // trivy reports what is not a problem (or not this one)
	"unknown value":       true, // a value driftfix cannot know statically, and does not guess
	"driftfix miss":       true, // driftfix should report it; a rule to fix
	"not a trivy check":   true, // driftfix's rule has no trivy counterpart
	"different reading":   true, // both see it; they draw the line in different places
}

func corpus(t *testing.T) (*Corpus, string) {
	t.Helper()
	dir := filepath.Join(testenv.RepoRoot(), "testdata", "corpus")
	c, err := loadCorpus(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Cases) == 0 {
		t.Fatal("the corpus has no cases")
	}
	return c, dir
}

// driftfix reports on every corpus directory exactly the findings recorded
// for it.
func TestCorpusFindings(t *testing.T) {
	c, dir := corpus(t)
	total := 0
	for _, cs := range c.Cases {
		t.Run(cs.Dir, func(t *testing.T) {
			got, err := scan(context.Background(), filepath.Join(dir, filepath.FromSlash(cs.Dir)))
			if err != nil {
				t.Fatal(err)
			}
			want := cs.Driftfix
			if want == nil {
				want = []Found{}
			}
			if got == nil {
				got = []Found{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("driftfix's findings differ from the record\n got  %v\n want %v", got, want)
			}
			total += len(got)
		})
	}
	if total < 50 {
		t.Errorf("only %d findings on the corpus", total)
	}
}

// Every finding that driftfix or trivy reports and the other does not has
// its reason recorded, of a known kind, and no reason is left over.
func TestCorpusDisagreementsExplained(t *testing.T) {
	c, _ := corpus(t)
	for _, cs := range c.Cases {
		tl := compare(cs.Driftfix, cs.Trivy)
		missing, stale := unexplained(cs, tl)
		for _, m := range missing {
			t.Errorf("%s: no reason recorded for %s", cs.Dir, m)
		}
		for _, s := range stale {
			t.Errorf("%s: a reason is recorded for %s, which is not a disagreement", cs.Dir, s)
		}
		for _, e := range cs.Explain {
			if !kinds[e.Kind] || e.Why == "" {
				t.Errorf("%s: %s: kind %q (want one of the known kinds) and a reason", cs.Dir, e.key(), e.Kind)
			}
		}
	}
}

// Every source's files come with its licence, and names the commit they
// were copied from.
func TestCorpusLicences(t *testing.T) {
	c, dir := corpus(t)
	for _, s := range c.Sources {
		if s.Repo == "" || len(s.Commit) != 40 || s.Licence == "" {
			t.Errorf("source %s: repository, commit and licence are required", s.Dir)
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, s.Dir, s.Licence)); err != nil {
			t.Errorf("source %s: %v", s.Dir, err)
		}
	}
}

// The matching: a rule answers for its trivy IDs, on the same resource, or
// failing that in the same file; the public access block finding answers
// for the four settings' checks.
func TestCompare(t *testing.T) {
	d := []Found{
		{File: "s3.tf", Address: "aws_s3_bucket.a", ID: "aws-s3-public-access-block"},
		{File: "s3.tf", Address: "aws_s3_bucket_server_side_encryption_configuration.a", ID: "aws-s3-encryption-cmk"},
		{File: "s3.tf", Address: "aws_s3_bucket.a", ID: "aws-required-tags"},
	}
	tr := []Found{
		{File: "s3.tf", Address: "aws_s3_bucket.a", ID: "AVD-AWS-0094"},
		{File: "s3.tf", Address: "aws_s3_bucket.a", ID: "AVD-AWS-0086"},
		{File: "s3.tf", Address: "aws_s3_bucket.a", ID: "AVD-AWS-0132"},
		{File: "s3.tf", Address: "aws_s3_bucket.a", ID: "AVD-AWS-0090"},
	}
	tl := compare(d, tr)
	if tl.Agree != 3 || len(tl.DriftfixOnly) != 1 || tl.DriftfixOnly[0].ID != "aws-required-tags" || len(tl.TrivyOnly) != 1 || tl.TrivyOnly[0].ID != "AVD-AWS-0090" {
		t.Errorf("got %+v", tl)
	}
}
