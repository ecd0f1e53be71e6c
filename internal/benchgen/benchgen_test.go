package benchgen

import (
	"context"
	"os"
	"testing"

	"github.com/driftfix/driftfix/iac"
)

// The generated repository is valid Terraform that driftfix loads without a
// diagnostic, with the requested number of resource blocks across modules.
func TestGenerateLoads(t *testing.T) {
	dir := t.TempDir()
	n, err := Generate(dir, 500)
	if err != nil {
		t.Fatal(err)
	}
	if n != 500 {
		t.Fatalf("wrote %d resource blocks, want 500", n)
	}
	m := iac.Load(context.Background(), os.DirFS(dir), ".")
	if len(m.Diagnostics) > 0 {
		t.Fatalf("generated repository does not load cleanly: %s", m.Diagnostics.Error())
	}
	blocks := map[string]bool{}
	modules := 0
	for _, r := range m.Resources {
		blocks[r.ConfigAddress()] = true
	}
	for _, s := range m.Scopes {
		if len(s.Path) > 0 {
			modules++
		}
	}
	// each compliant bucket comes with a versioning companion
	if len(blocks) < 500 {
		t.Errorf("loaded %d resource blocks, want at least 500", len(blocks))
	}
	if modules == 0 {
		t.Errorf("no child modules generated")
	}
	if len(m.Resources) <= len(blocks) {
		t.Errorf("no for_each expansion: %d instances for %d blocks", len(m.Resources), len(blocks))
	}
}

func BenchmarkLoad10k(b *testing.B) {
	dir := b.TempDir()
	if _, err := Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := iac.Load(context.Background(), os.DirFS(dir), ".")
		if len(m.Resources) < 10000 {
			b.Fatal("short load")
		}
	}
}

// The one-file repository is valid Terraform of at least the requested
// size, in one file.
func TestGenerateFileLoads(t *testing.T) {
	dir := t.TempDir()
	n, err := GenerateFile(dir, 50_000)
	if err != nil {
		t.Fatal(err)
	}
	m := iac.Load(context.Background(), os.DirFS(dir), ".")
	if len(m.Diagnostics) > 0 {
		t.Fatalf("generated file does not load cleanly: %s", m.Diagnostics.Error())
	}
	if len(m.Files) != 1 || len(m.Files["main.tf"].Src) < 50_000 {
		t.Errorf("files %d, main.tf %d bytes; want one of at least 50,000", len(m.Files), len(m.Files["main.tf"].Src))
	}
	if n < 100 {
		t.Errorf("%d resource blocks, want a few hundred", n)
	}
}

// The realistic repository loads without a diagnostic, with its modules
// called (for_each, count) and about the requested resource blocks.
func TestGenerateRealisticLoads(t *testing.T) {
	dir := t.TempDir()
	n, err := GenerateRealistic(dir, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if n < 1000 || n > 1100 {
		t.Fatalf("wrote %d resource blocks, want about 1000", n)
	}
	roots, diags := iac.RootModules(context.Background(), os.DirFS(dir), ".")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(roots) < 20 {
		t.Fatalf("%d root modules: %v", len(roots), roots)
	}
	for _, root := range roots[:3] {
		m := iac.Load(context.Background(), os.DirFS(dir), root)
		if m.Diagnostics.HasErrors() {
			t.Fatalf("%s does not load: %s", root, m.Diagnostics.Error())
		}
		if len(m.Resources) < 40 {
			t.Errorf("%s: %d resource instances", root, len(m.Resources))
		}
	}
}
