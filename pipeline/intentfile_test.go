package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
)

// The intent a fix records is used by the next plan only while the fixed
// files are as the fix left them.
func TestIntentFile(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile("testdata/s3-add-companions/main.tf")
	os.WriteFile(filepath.Join(dir, "main.tf"), src, 0o644)
	all := fixers.All()
	fr, err := fixers.Fix(context.Background(), os.DirFS(dir), ".", all, fixers.Input{}, fixers.FixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := iac.WriteFiles(dir, fr.Changes.Files()); err != nil {
		t.Fatal(err)
	}
	if err := SaveIntent(dir, fr, all); err != nil {
		t.Fatal(err)
	}
	in, why := LoadIntent(dir)
	if in == nil || len(in["aws_s3_bucket_versioning.logs"]) == 0 {
		t.Fatalf("intent not loaded: %v (%s)", in, why)
	}
	os.WriteFile(filepath.Join(dir, "main.tf"), append(src, '\n'), 0o644)
	if in, why := LoadIntent(dir); in != nil || why == "" {
		t.Fatalf("a stale intent was used: %v", in)
	}
}
