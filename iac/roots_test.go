package iac

import (
	"context"
	"os"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/driftfix/driftfix/internal/benchgen"
)

func TestRootModules(t *testing.T) {
	call := func(name, source string) string {
		return "module \"" + name + "\" {\n  source = \"" + source + "\"\n}\n"
	}
	bucket := "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		dir   string
		want  []string
	}{
		{
			name: "a repository whose Terraform lives in subdirectories",
			files: map[string]string{
				"README.md":              "# infra\n",
				"envs/prod/main.tf":      call("vpc", "../../modules/vpc"),
				"envs/stage/main.tf":     call("vpc", "../../modules/vpc"),
				"modules/vpc/main.tf":    bucket,
				"modules/vpc/outputs.tf": "output \"id\" {\n  value = 1\n}\n",
			},
			want: []string{"envs/prod", "envs/stage"},
		},
		{
			name: "DIR with configuration is a root, and so is a directory below it that it does not call",
			files: map[string]string{
				"main.tf":             call("x", "./modules/x"),
				"modules/x/main.tf":   bucket,
				"legacy/main.tf":      bucket,
				"examples/a/main.tf":  call("root", "../../"),
				"examples/a/extra.tf": bucket,
			},
			// examples/a calls DIR, but DIR is what was asked for
			want: []string{".", "examples/a", "legacy"},
		},
		{
			name: "a module called only by a module is not a root",
			files: map[string]string{
				"live/main.tf":    call("a", "../modules/a"),
				"modules/a/a.tf":  call("b", "../b"),
				"modules/b/b.tf":  bucket,
				"modules/c/c.tf":  bucket, // called by nobody: a root
				"live/sub/sub.tf": bucket, // below a root, not called: a root
			},
			want: []string{"live", "live/sub", "modules/c"},
		},
		{
			name: "directories that are not Terraform are skipped",
			files: map[string]string{
				"app/main.tf":                          bucket,
				"app/.terraform/modules/x/main.tf":     bucket,
				".git/hooks/x.tf":                      bucket,
				".driftfix/demo/main.tf":               bucket,
				"node_modules/pkg/main.tf":             bucket,
				"web/node_modules/pkg/main.tf":         bucket,
				".github/workflows/terraform/main.tf":  bucket,
				"hidden-files-only/.scratch.tf":        bucket,
				"not-terraform/main.tf.bak":            bucket,
				"not-terraform/terraform.tfvars":       "x = 1\n",
				"not-terraform/terraform.tfstate.json": "{}",
			},
			want: []string{"app"},
		},
		{
			name: "calls in .tf.json count; remote and computed sources do not",
			files: map[string]string{
				"a/main.tf.json":     `{"module": {"x": {"source": "../x"}}}`,
				"x/main.tf":          bucket,
				"b/main.tf":          call("reg", "terraform-aws-modules/s3-bucket/aws") + "module \"v\" {\n  source = var.path\n}\n",
				"terraform-aws/y.tf": bucket,
			},
			want: []string{"a", "b", "terraform-aws"},
		},
		{
			name: "a file that does not parse calls nothing here (Load reports it)",
			files: map[string]string{
				"a/main.tf": "module \"x\" {\n  source = \"../x\"\n",
				"x/main.tf": bucket,
			},
			want: []string{"a", "x"},
		},
		{
			name: "a module that calls itself is still a root",
			files: map[string]string{
				"a/main.tf": call("self", "./"),
			},
			want: []string{"a"},
		},
		{
			name:  "no Terraform at all",
			files: map[string]string{"README.md": "hello\n", "src/x.go": "package x\n"},
			want:  []string{},
		},
		{
			name: "DIR below the file system root, with a hidden name, and calls that leave it",
			dir:  "repo/.infra",
			files: map[string]string{
				"repo/.infra/main.tf":     call("m", "../modules/m"),
				"repo/.infra/env/main.tf": call("up", "../../modules/m"),
				"repo/modules/m/main.tf":  bucket,
			},
			want: []string{".", "env"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for p, src := range tc.files {
				fsys[p] = &fstest.MapFile{Data: []byte(src)}
			}
			dir := tc.dir
			if dir == "" {
				dir = "."
			}
			got, diags := RootModules(context.Background(), fsys, dir)
			if diags.HasErrors() {
				t.Fatalf("diagnostics: %v", diags)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("RootModules = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRootModulesErrors(t *testing.T) {
	fsys := fstest.MapFS{"a/main.tf": &fstest.MapFile{Data: []byte("")}}
	if _, diags := RootModules(context.Background(), fsys, "missing"); !diags.HasErrors() {
		t.Errorf("a missing directory is not an error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if roots, diags := RootModules(ctx, fsys, "."); !diags.HasErrors() || roots != nil {
		t.Errorf("cancelled: roots %q, diagnostics %v", roots, diags)
	}
}

// BenchmarkRootModules finds the roots of the bench's repository (one root,
// 10,000 resources): the cost a single-root scan pays for looking for more.
func BenchmarkRootModules(b *testing.B) {
	dir := b.TempDir()
	if _, err := benchgen.Generate(dir, 10000); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		roots, diags := RootModules(context.Background(), fsys, ".")
		if diags.HasErrors() || len(roots) != 1 {
			b.Fatalf("roots %v: %v", roots, diags)
		}
	}
}

func TestMayCallModule(t *testing.T) {
	for _, tc := range []struct {
		src  string
		json bool
		want bool
	}{
		{"module \"x\" {\n  source = \"./x\"\n}\n", false, true},
		{"  module \"x\" {}", false, true},
		{"\tmodule\t\"x\" {}", false, true},
		{"module x {}", false, true},
		{"module \"x\"{}", false, true},
		{"locals {\n  a = 1\n}\nmodule \"y\" {}\n", false, true},
		{"output \"o\" {\n  value = module.x.id\n}\n", false, false},
		{"output \"o\" {\n  value = [\n    module.x.id,\n  ]\n}\n", false, false},
		{"# module \"commented\" {}\n", false, false},
		{"resource \"a\" \"b\" {\n  module_name = \"x\"\n}\n", false, false},
		{"resource \"a\" \"b\" { name = \"module\" }", false, false},
		{"module", false, false},
		{"", false, false},
		{`{"module": {"x": {"source": "./x"}}}`, true, true},
		{`{"resource": {"aws_s3_bucket": {"module": {}}}}`, true, true}, // a false positive: parsed, no call found
		{`{"resource": {}}`, true, false},
	} {
		if got := mayCallModule([]byte(tc.src), tc.json); got != tc.want {
			t.Errorf("mayCallModule(%q) = %v, want %v", tc.src, got, tc.want)
		}
	}
}

// TestSharedModules: a module directory that more than one root module
// reaches, directly or through another module, is shared by those roots;
// one only a single root reaches is not. Paths are relative to the
// directory, with ../ for a module outside it.
func TestSharedModules(t *testing.T) {
	call := func(name, source string) string {
		return "module \"" + name + "\" {\n  source = \"" + source + "\"\n}\n"
	}
	fsys := fstest.MapFS{
		"repo/envs/prod/main.tf":    &fstest.MapFile{Data: []byte(call("net", "../../modules/net") + call("own", "./own"))},
		"repo/envs/prod/own/a.tf":   &fstest.MapFile{Data: []byte("locals {}\n")},
		"repo/envs/stage/main.tf":   &fstest.MapFile{Data: []byte(call("app", "../../modules/app"))},
		"repo/modules/app/main.tf":  &fstest.MapFile{Data: []byte(call("net", "../net") + call("ext", "../../../shared/ext"))},
		"repo/modules/net/main.tf":  &fstest.MapFile{Data: []byte("locals {}\n")},
		"repo/legacy/main.tf":       &fstest.MapFile{Data: []byte(call("ext", "../../shared/ext"))},
		"shared/ext/main.tf":        &fstest.MapFile{Data: []byte("locals {}\n")},
		"repo/unrelated/x/main.tf":  &fstest.MapFile{Data: []byte("locals {}\n")},
		"repo/envs/prod/README.txt": &fstest.MapFile{Data: []byte("not terraform")},
	}
	roots, diags := RootModules(context.Background(), fsys, "repo")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got := SharedModules(fsys, "repo", roots)
	want := map[string][]string{
		"modules/net":   {"envs/prod", "envs/stage"},
		"../shared/ext": {"envs/stage", "legacy"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("roots %v: shared = %v, want %v", roots, got, want)
	}
}

func TestLocalModules(t *testing.T) {
	call := func(name, source string) string {
		return "module \"" + name + "\" {\n  source = \"" + source + "\"\n}\n"
	}
	fsys := fstest.MapFS{
		"envs/prod/main.tf":       &fstest.MapFile{Data: []byte(call("app", "../../modules/app") + call("vpc", "terraform-aws-modules/vpc/aws"))},
		"modules/app/main.tf":     &fstest.MapFile{Data: []byte(call("net", "../net") + call("self", "./") + call("up", "../../../outside"))},
		"modules/net/main.tf":     &fstest.MapFile{Data: []byte(call("app", "../app"))}, // a cycle
		"modules/unused/main.tf":  &fstest.MapFile{Data: []byte("locals {}\n")},
		"envs/stage/main.tf":      &fstest.MapFile{Data: []byte("locals {}\n")},
		"envs/prod/terraform.tfv": &fstest.MapFile{Data: []byte("x")},
	}
	for dir, want := range map[string][]string{
		"envs/prod":      {"../outside", "modules/app", "modules/net"},
		"envs/stage":     nil,
		"./modules/net/": {"../outside", "modules/app"},
	} {
		if got := LocalModules(fsys, dir); !reflect.DeepEqual(got, want) {
			t.Errorf("LocalModules(%s) = %v, want %v", dir, got, want)
		}
	}
}
