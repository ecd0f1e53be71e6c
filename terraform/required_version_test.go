package terraform

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestRequiredVersion(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		want    string // constraints' String(); "" for none
		check   map[string]bool
		wantErr string
	}{
		{
			name:  "none",
			files: map[string]string{"main.tf": `resource "terraform_data" "x" {}`},
		},
		{
			name: "one block",
			files: map[string]string{
				"versions.tf": "terraform {\n  required_version = \">= 1.5\"\n  required_providers {}\n}\n",
			},
			want:  ">= 1.5",
			check: map[string]bool{"1.5.7": true, "1.4.9": false},
		},
		{
			name: "several files and blocks, .tf.json too, all combined",
			files: map[string]string{
				"a.tf":         "terraform {\n  required_version = \">= 1.3, < 2.0\"\n}\n",
				"b.tf":         "terraform {\n  backend \"local\" {}\n}\nterraform {\n  required_version = \"~> 1.5.0\"\n}\n",
				"c.tf.json":    `{"terraform": {"required_version": "!= 1.5.6"}}`,
				"ignored.txt":  "terraform { required_version = \"= 0.1\" }",
				".hidden.tf":   "terraform { required_version = \"= 0.1\" }",
				"variables.tf": "variable \"x\" {}\n",
			},
			want:  ">= 1.3, < 2.0,~> 1.5.0,!= 1.5.6", // go-version joins with ","
			check: map[string]bool{"1.5.7": true, "1.5.6": false, "1.6.0": false},
		},
		{
			name:    "bad constraint",
			files:   map[string]string{"versions.tf": "terraform {\n  required_version = \">= banana\"\n}\n"},
			wantErr: "versions.tf:2,22-33: Invalid required_version",
		},
		{
			name:    "not a literal",
			files:   map[string]string{"versions.tf": "terraform {\n  required_version = var.v\n}\n"},
			wantErr: "versions.tf:2,22-25: Variables not allowed",
		},
		{
			name:    "syntax error",
			files:   map[string]string{"main.tf": "terraform {\n"},
			wantErr: "main.tf:",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range tt.files {
				mustWrite(t, filepath.Join(dir, name), src)
			}
			got, err := RequiredVersion(dir)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if got != nil {
					t.Fatalf("got %v, want none", got)
				}
				return
			}
			if got.String() != tt.want {
				t.Errorf("got %q, want %q", got.String(), tt.want)
			}
			for v, ok := range tt.check {
				if got.Check(mustVersion(t, v)) != ok {
					t.Errorf("Check(%s) = %v, want %v", v, !ok, ok)
				}
			}
		})
	}
}

func TestRequiredVersionMissingDir(t *testing.T) {
	if _, err := RequiredVersion(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Fatal("want error")
	}
}
