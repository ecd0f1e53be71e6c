package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The backend decides whether a state file may be read directly: only the
// local backend's.
func TestProjectBackend(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  Backend
	}{
		{"none", map[string]string{"main.tf": `resource "aws_s3_bucket" "b" {}`},
			Backend{Kind: "local", Path: "terraform.tfstate", WorkspaceDir: "terraform.tfstate.d"}},
		{"s3", map[string]string{"backend.tf": "terraform {\n  backend \"s3\" {\n    bucket = \"x\"\n  }\n}\n"}, Backend{Kind: "s3"}},
		{"cloud", map[string]string{"main.tf": "terraform {\n  cloud {\n    organization = \"acme\"\n  }\n}\n"}, Backend{Kind: "cloud"}},
		{"local with a path", map[string]string{"main.tf": "terraform {\n  backend \"local\" {\n    path = \"state/app.tfstate\"\n  }\n}\n"},
			Backend{Kind: "local", Path: "state/app.tfstate", WorkspaceDir: "terraform.tfstate.d"}},
		{"json", map[string]string{"main.tf.json": `{"terraform": {"backend": {"http": {"address": "http://x"}}}}`}, Backend{Kind: "http"}},
		{"override wins", map[string]string{
			"a_override.tf": "terraform {\n  backend \"local\" {}\n}\n",
			"b.tf":          "terraform {\n  backend \"s3\" {}\n}\n",
		}, Backend{Kind: "local", Path: "terraform.tfstate", WorkspaceDir: "terraform.tfstate.d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := ProjectBackend(dir)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("backend = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// Terraform's colours never reach driftfix's output.
func TestSwitchWriterStripsColour(t *testing.T) {
	var b bytes.Buffer
	w := &switchWriter{w: &b}
	w.Write([]byte("\x1b[31m\x1b[1mError: \x1b[0mBackend initialization required\n"))
	old := w.swap(nil)
	w.Write([]byte("probe output\n"))
	w.swap(old)
	if got := b.String(); got != "Error: Backend initialization required\n" {
		t.Errorf("wrote %q", got)
	}
}
