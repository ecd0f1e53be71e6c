package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Roots are fixed side by side because their fixes reach disjoint files.
// Were two roots to reach one file after all (here: a module both call,
// with the shared-module guard taken away), the side-by-side join notices
// and the roots are fixed one after the other, the second seeing the
// first's edit: the module is fixed once, not twice.
func TestRootsJoinFallsBackWhenRootsOverlap(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, src string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("modules/key/main.tf", "resource \"aws_kms_key\" \"this\" {\n  description = \"app\"\n}\n")
	for _, root := range []string{"envs/dev", "envs/prod"} {
		write(root+"/main.tf", "module \"key\" {\n  source = \"../../modules/key\"\n}\n")
	}
	roots := []string{"envs/dev", "envs/prod"}
	req := fixJob{Dir: dir, FS: os.DirFS(dir), FSDir: ".", Rules: kmsRule(t), DryRun: true, Now: time.Now()}
	req.Input.EditOutside = true

	side := &rootsJoin{req: req, shared: nil, side: 2}
	if _, _, _, err := side.run(context.Background(), roots); !errors.Is(err, errRootsOverlap) {
		t.Fatalf("side by side: err %v, want errRootsOverlap", err)
	}
	turn := &rootsJoin{req: req, shared: nil, side: 1}
	res, _, _, err := turn.run(context.Background(), roots)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 1 || res.Changes[0].Path != "modules/key/main.tf" {
		t.Fatalf("changes %v, want modules/key/main.tf once", res.Changes.Files())
	}
	if n := len(res.Fixed); n != 1 {
		t.Errorf("%d fixed findings, want 1 (the second root sees the key rotated)", n)
	}

	// With the guard, the module both roots call is not fixed at all.
	all, _, _, err := computeRoots(context.Background(), req, roots)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Changes) != 0 {
		t.Errorf("a module two roots call was changed: %v", all.Changes.Files())
	}
}
