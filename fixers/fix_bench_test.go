package fixers

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/driftfix/driftfix/internal/benchgen"
)

func benchFixOneFile(b *testing.B, size int) {
	dir := b.TempDir()
	if _, err := benchgen.GenerateFile(dir, size); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Fix(context.Background(), os.DirFS(dir), ".", All(), Input{}, FixOptions{Now: time.Now()})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Changes) != 1 {
			b.Fatalf("changed %d files, want 1", len(res.Changes))
		}
	}
	b.SetBytes(int64(size))
}

// BenchmarkFixOneFile fixes one large file: the cost must grow linearly
// with its size (compare the ns/op of the sizes).
func BenchmarkFixOneFile(b *testing.B) {
	for _, s := range []struct {
		name string
		size int
	}{{"100KB", 100_000}, {"300KB", 300_000}, {"1MB", 1_000_000}} {
		b.Run(s.name, func(b *testing.B) { benchFixOneFile(b, s.size) })
	}
}
