package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/internal/benchgen"
	"github.com/driftfix/driftfix/report"
)

func versioningRule(t *testing.T) []fixers.Rule {
	t.Helper()
	fx, ok := fixers.ByID("aws-s3-versioning")
	if !ok {
		t.Fatal("rule aws-s3-versioning is not registered")
	}
	return []fixers.Rule{fx}
}

func bucketTF(name string) string {
	return fmt.Sprintf("resource \"aws_s3_bucket\" %q {\n  bucket = %q\n}\n", name, name)
}

// TestScanManyRoots scans a repository of many roots that share a module,
// loaded in parallel (run with -race): every root's findings, the shared
// module's finding and problems once, every path relative to DIR.
func TestScanManyRoots(t *testing.T) {
	const roots = 12
	fsys := fstest.MapFS{
		"repo/modules/shared/main.tf": {Data: []byte("# driftfix:ignore:aws-s3-versioning:exp:2020-01-01\n" + bucketTF("shared"))},
		"repo/modules/shared/bad.tf":  {Data: []byte("resource \"aws_s3_bucket\" \"x\" {\n  bucket = \n}\n")},
	}
	var wantRoots, wantFiles []string
	for i := 0; i < roots; i++ {
		dir := fmt.Sprintf("envs/e%02d", i)
		// each root calls the shared module under a name of its own
		fsys["repo/"+dir+"/main.tf"] = &fstest.MapFile{Data: []byte(bucketTF("own") + fmt.Sprintf("module \"shared%d\" {\n  source = \"../../modules/shared\"\n}\n", i))}
		wantRoots = append(wantRoots, dir)
		wantFiles = append(wantFiles, dir+"/main.tf")
	}
	wantFiles = append(wantFiles, "modules/shared/main.tf")

	s, err := scanTree(context.Background(), scanJob{FS: fsys, Dir: "repo", Rules: versioningRule(t), Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.Roots, wantRoots) {
		t.Errorf("roots = %q, want %q", s.Roots, wantRoots)
	}
	var files []string
	for _, f := range s.Findings {
		files = append(files, f.File)
	}
	if !reflect.DeepEqual(files, wantFiles) {
		t.Errorf("finding files = %q, want %q", files, wantFiles)
	}
	if len(s.Errors) != 1 || s.Errors[0].File != "modules/shared/bad.tf" {
		t.Errorf("errors = %+v, want one in modules/shared/bad.tf", s.Errors)
	}
	if len(s.Warnings) != 1 || s.Warnings[0].File != "modules/shared/main.tf" {
		t.Errorf("warnings = %+v, want the expired ignore once", s.Warnings)
	}
	if len(s.Rules) != 1 {
		t.Errorf("rules = %d, want 1", len(s.Rules))
	}
}

// TestScanOneRootUnchanged: on a single root module (the bench's shape),
// Scan reports exactly what loading and checking the directory reports.
func TestScanOneRootUnchanged(t *testing.T) {
	dir := t.TempDir()
	if _, err := benchgen.Generate(dir, 600); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	rules := fixers.All()
	now := time.Now()
	got, err := scanTree(context.Background(), scanJob{FS: fsys, Dir: ".", Rules: rules, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	m := iac.Load(context.Background(), fsys, ".")
	in := fixers.Input{Module: m}
	metas := make([]fixers.Meta, len(rules))
	for i, r := range rules {
		metas[i] = r.Meta
	}
	want := report.NewScan(fixers.Check(context.Background(), rules, &in, now), m.Diagnostics, metas)
	if len(want.Findings) == 0 {
		t.Fatal("the generated repository has no findings")
	}
	if !reflect.DeepEqual(got.Roots, []string{"."}) {
		t.Errorf("roots = %q, want [.]", got.Roots)
	}
	if !reflect.DeepEqual(got.Findings, want.Findings) || !reflect.DeepEqual(got.Errors, want.Errors) || !reflect.DeepEqual(got.Warnings, want.Warnings) || got.Ignored != want.Ignored {
		t.Errorf("Scan differs from Load+Check: %d findings vs %d", len(got.Findings), len(want.Findings))
	}
}

// TestScanCancelledWhileReading: cancelling returns at once even when a read
// hangs (a FIFO nobody writes to).
func TestScanCancelledWhileReading(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.tf"), []byte(bucketTF("a")), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "b.tf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	// unblock the reader when the test ends
	t.Cleanup(func() {
		if fd, err := syscall.Open(fifo, syscall.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			syscall.Close(fd)
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := scanTree(ctx, scanJob{FS: os.DirFS(dir), Dir: ".", Rules: versioningRule(t), Now: time.Now()})
		done <- err
	}()
	// wait until the scan is reading the FIFO
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		fd, err := syscall.Open(fifo, syscall.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			defer syscall.Close(fd)
			break
		}
		if !errors.Is(err, syscall.ENXIO) || time.Now().After(deadline) {
			t.Fatalf("the scan never opened the FIFO: %v", err)
		}
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Scan = %v, want context.Canceled", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("Scan did not return after cancel")
	}
}

func TestScanNotADirectory(t *testing.T) {
	fsys := fstest.MapFS{"x.tf": {Data: []byte(bucketTF("x"))}}
	if _, err := scanTree(context.Background(), scanJob{FS: fsys, Dir: "missing", Rules: versioningRule(t), Now: time.Now()}); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("Scan of a missing directory = %v", err)
	}
}

// BenchmarkScanOneRoot compares Scan with loading and checking the
// directory directly, on the bench's single-root repository: what finding
// the roots and merging costs.
func BenchmarkScanOneRoot(b *testing.B) {
	dir := b.TempDir()
	if _, err := benchgen.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	rules := fixers.All()
	metas := make([]fixers.Meta, len(rules))
	for i, r := range rules {
		metas[i] = r.Meta
	}
	b.Run("Scan", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := scanTree(context.Background(), scanJob{FS: fsys, Dir: ".", Rules: rules, Now: time.Now()}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("LoadCheck", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			m := iac.Load(context.Background(), fsys, ".")
			in := fixers.Input{Module: m}
			report.NewScan(fixers.Check(context.Background(), rules, &in, time.Now()), m.Diagnostics, metas)
		}
	})
}

// BenchmarkScanRealistic scans the realistic generated estate (stacks of
// root modules calling shared local modules, for_each, count, dynamic
// blocks, merge(), comments) of 10,000 resource blocks; `make bench`
// compares the same scan with terraform fmt.
func BenchmarkScanRealistic(b *testing.B) {
	dir := b.TempDir()
	if _, err := benchgen.GenerateRealistic(dir, 10000); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	rules := fixers.All()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := scanTree(context.Background(), scanJob{FS: fsys, Dir: ".", Rules: rules, Now: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
}
