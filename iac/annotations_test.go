package iac

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

const ignoreSrc = `# driftfix:ignore:aws-s3-versioning
resource "aws_s3_bucket" "a" {
  acl = "public-read" # trivy:ignore:AVD-AWS-0092
}

// tfsec:ignore:aws-s3-enable-bucket-logging:exp:2024-01-31
#checkov:skip=CKV_AWS_18:logs go to the central bucket
resource "aws_s3_bucket" "b" {}

# driftfix:ignore:rule-x

resource "aws_s3_bucket" "c" {}
#trivy:ignore:AVD-AWS-0001 #tfsec:ignore:aws-foo:exp:2030-12-31
/* driftfix:ignore:in-block-comment */
resource "aws_s3_bucket" "d" { # driftfix:ignore:trailing-open
  x = "driftfix:ignore:in-a-string"
  y = 1 // checkov:skip=CKV2_AWS_6
}
# a plain comment
#driftfix:ignore:*
# another plain comment
locals {}
`

// igs renders ignores compactly: tool:id[@expiry][(reason)].
func igs(in []Ignore) []string {
	var out []string
	for _, ig := range in {
		s := ig.Tool + ":" + ig.ID
		if !ig.Expiry.IsZero() {
			s += "@" + ig.Expiry.Format("2006-01-02")
		}
		if ig.Reason != "" {
			s += "(" + ig.Reason + ")"
		}
		out = append(out, s)
	}
	return out
}

func TestIgnoresFor(t *testing.T) {
	for _, crlf := range []bool{false, true} {
		src := ignoreSrc
		if crlf {
			src = strings.ReplaceAll(src, "\n", "\r\n")
		}
		f := &File{Path: "main.tf", Src: []byte(src)}
		f.Ignores = parseIgnores(f.Src, f.Path)
		tests := []struct {
			line int
			want []string
		}{
			{1, nil},
			{2, []string{"driftfix:aws-s3-versioning"}},
			{3, []string{"trivy:AVD-AWS-0092"}}, // trailing: its own line only
			{4, nil},
			{8, []string{"tfsec:aws-s3-enable-bucket-logging@2024-01-31", "checkov:CKV_AWS_18(logs go to the central bucket)"}},
			{12, nil}, // a blank line ends the run of comments above
			{15, []string{"driftfix:trailing-open", "trivy:AVD-AWS-0001", "tfsec:aws-foo@2030-12-31", "driftfix:in-block-comment"}},
			{16, nil}, // line 15 is code; an ignore in a string is not a comment
			{17, []string{"checkov:CKV2_AWS_6"}},
			{22, []string{"driftfix:*"}}, // stacked with plain comments
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("crlf=%v/line%d", crlf, tt.line), func(t *testing.T) {
				got := igs(f.IgnoresFor(tt.line))
				if !reflect.DeepEqual(sortedCopy(got), sortedCopy(tt.want)) {
					t.Errorf("IgnoresFor(%d) = %q, want %q", tt.line, got, tt.want)
				}
			})
		}
	}
}

func sortedCopy(in []string) []string {
	out := slices.Clone(in)
	slices.Sort(out)
	return out
}

func TestParseIgnoresFields(t *testing.T) {
	got := parseIgnores([]byte(ignoreSrc), "main.tf")
	if len(got) != 11 {
		t.Fatalf("found %d ignores, want 11: %q", len(got), igs(got))
	}
	tr := got[1] // the trailing trivy ignore
	if tr.Tool != "trivy" || tr.Applies != 3 || tr.Range.Filename != "main.tf" || tr.Range.Start.Line != 3 || tr.Range.Start.Column != 23 {
		t.Errorf("trailing ignore = %+v", tr)
	}
	if got[0].Applies != 0 {
		t.Errorf("a comment on its own line applies to the next item, got Applies %d", got[0].Applies)
	}
}

func TestParseIgnoresNone(t *testing.T) {
	for _, src := range []string{
		"resource \"a\" \"b\" {}\n",
		"# ignore: nothing here\n",
		"# driftfix:ignore\n",                    // no rule
		"# trivy:skip:AVD-AWS-0001\n",            // not a form we know
		"x = \"#driftfix:ignore:in-a-string\"\n", // a string, not a comment
		"\x00\xff broken # driftfix:ignore\n",
	} {
		if got := parseIgnores([]byte(src), "main.tf"); len(got) != 0 {
			t.Errorf("%q: got %q", src, igs(got))
		}
	}
}

func TestIgnoreExpired(t *testing.T) {
	exp := time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		expiry time.Time
		now    time.Time
		want   bool
	}{
		{time.Time{}, time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC), false}, // no expiry
		{exp, time.Date(2024, 1, 30, 12, 0, 0, 0, time.UTC), false},
		{exp, time.Date(2024, 1, 31, 23, 59, 0, 0, time.UTC), false}, // valid through its day
		{exp, time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), true},
		{exp, time.Date(2025, 6, 1, 0, 0, 0, 0, time.FixedZone("x", -8*3600)), true},
	}
	for _, tt := range tests {
		if got := (Ignore{Expiry: tt.expiry}).Expired(tt.now); got != tt.want {
			t.Errorf("expiry %s now %s: Expired = %v, want %v", tt.expiry.Format(time.DateOnly), tt.now, got, tt.want)
		}
	}
}

func TestIgnoresForLoaded(t *testing.T) {
	// Load wires ignores into File; a file without ignores has none.
	m := loadDir(t, "refs")
	if f := m.Files["main.tf"]; len(f.Ignores) != 0 || f.IgnoresFor(5) != nil {
		t.Errorf("ignores in a file without any: %+v", f.Ignores)
	}
	var nilFile *File
	if nilFile.IgnoresFor(1) != nil {
		t.Errorf("nil file has ignores")
	}
}
