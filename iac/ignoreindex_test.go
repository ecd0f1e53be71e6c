package iac

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// TestIgnoreIndexSameAsScan looks up the ignores of every line and every
// block of generated files, with the index a load builds and without it
// (reading every ignore, as before): the answers are the same.
func TestIgnoreIndexSameAsScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	found, within := 0, 0
	comments := []string{
		"# checkov:skip=CKV_AWS_18:logs elsewhere", "# trivy:ignore:AVD-AWS-0089", "// tfsec:ignore:aws-s3-enable-bucket-logging:exp:2030-01-01",
		"/* driftfix:ignore:aws-s3-versioning\n   checkov:skip=CKV_AWS_21 */", "# just a comment", "# driftfix:ignore:*",
	}
	for round := range 50 {
		var sb strings.Builder
		for i := range 40 {
			for range rng.IntN(3) {
				sb.WriteString(comments[rng.IntN(len(comments))] + "\n")
			}
			if rng.IntN(4) == 0 {
				sb.WriteString("\n")
			}
			fmt.Fprintf(&sb, "resource \"aws_s3_bucket\" \"b%d\" {\n", i)
			for range rng.IntN(3) {
				sb.WriteString("  " + comments[rng.IntN(len(comments))] + "\n")
			}
			sb.WriteString("  bucket = \"x\"")
			if rng.IntN(3) == 0 {
				sb.WriteString(" " + comments[rng.IntN(3)])
			}
			sb.WriteString("\n}\n\n")
		}
		m := Load(context.Background(), fstest.MapFS{"main.tf": {Data: []byte(sb.String())}}, ".")
		f := m.Files["main.tf"]
		if f == nil || f.ignoreIdx == nil {
			t.Fatalf("round %d: no ignore index: %v", round, m.Diagnostics)
		}
		scan := *f
		scan.ignoreIdx = nil
		lines := strings.Count(sb.String(), "\n") + 1
		for l := 1; l <= lines; l++ {
			got, want := f.IgnoresFor(l), scan.IgnoresFor(l)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d: IgnoresFor(%d) = %v, want %v", round, l, got, want)
			}
			found += len(got)
		}
		for _, r := range m.Resources {
			got, want := f.IgnoresWithin(r.Block.Range), scan.IgnoresWithin(r.Block.Range)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d: IgnoresWithin(%s) = %v, want %v", round, r.Block.Range, got, want)
			}
			within += len(got)
		}
	}
	if found == 0 || within == 0 {
		t.Errorf("the generated files exercise nothing: %d ignores found by line, %d within blocks", found, within)
	}
}
