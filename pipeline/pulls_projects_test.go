package pipeline

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/driftfix/driftfix/config"
)

// Which projects a pull request's files touch: a project's own Terraform
// files and var files, and those of the local modules it calls, directly or
// not; never another module below it, a module it does not call, or a file
// that is not Terraform.
func TestChangedProjects(t *testing.T) {
	root := t.TempDir()
	call := func(source string) string { return "module \"m\" {\n  source = \"" + source + "\"\n}\n" }
	for path, content := range map[string]string{
		"envs/prod/main.tf":         call("../../modules/app"),
		"envs/prod/nested/main.tf":  "locals {}\n",
		"envs/stage/main.tf":        call("../../modules/net"),
		"modules/app/main.tf":       call("../net"),
		"modules/net/main.tf":       "locals {}\n",
		"modules/unused/main.tf":    "locals {}\n",
		"main.tf":                   "locals {}\n",
		"envs/prod/vars/prod.tfvar": "x",
	} {
		writeFile(t, filepath.Join(root, filepath.FromSlash(path)), content)
	}
	cfg, diags := config.Parse([]byte(`project "root" {
  dir = "."
}
project "prod" {
  dir       = "envs/prod/"
  var_files = ["../shared/prod.tfvars"]
}
project "stage" {
  dir = "envs/stage"
}
`), filepath.Join(root, "driftfix.hcl"))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, tt := range []struct {
		name  string
		files []string
		want  []string
	}{
		{"a project's own file", []string{"envs/prod/main.tf"}, []string{"prod"}},
		{"a module both call, through another", []string{"modules/net/main.tf"}, []string{"prod", "stage"}},
		{"a module one calls", []string{"modules/app/variables.tf"}, []string{"prod"}},
		{"a module nobody calls", []string{"modules/unused/main.tf"}, nil},
		{"a module below a project that it does not call", []string{"envs/prod/nested/main.tf"}, nil},
		{"the root project's file, not its subdirectories'", []string{"main.tf"}, []string{"root"}},
		{"a var file outside the directory", []string{"envs/shared/prod.tfvars"}, []string{"prod"}},
		{"tfvars and the lock file", []string{"envs/stage/terraform.tfvars", "envs/prod/.terraform.lock.hcl"}, []string{"prod", "stage"}},
		{"not Terraform", []string{"envs/prod/README.md", "modules/net/notes.txt", "driftfix.hcl"}, nil},
		{"a deleted file's path", []string{"envs/stage/old.tf.json"}, []string{"stage"}},
		{"nothing", nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range changedProjects(cfg, root, tt.files) {
				got = append(got, p.Name)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("changedProjects(%v) = %v, want %v", tt.files, got, tt.want)
			}
		})
	}
}

// serve refuses to start with a webhooks block and no secret: nobody else
// may post events.
func TestServeRefusesWebhooksWithoutSecret(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "driftfix.hcl")
	writeFile(t, cfg, "repository {\n  url = \"x\"\n  github = \"acme/infra\"\n}\nwebhooks {\n  secret_env = \"DRIFTFIX_TEST_NO_SECRET\"\n}\n")
	os.Unsetenv("DRIFTFIX_TEST_NO_SECRET")
	err := Serve(t.Context(), ServeRequest{ConfigFile: cfg, Database: filepath.Join(dir, "db"), Listen: "127.0.0.1:0"})
	if err == nil || err.Error() != "webhook secret: $DRIFTFIX_TEST_NO_SECRET is empty or not set; driftfix serve does not take webhooks without a secret" {
		t.Errorf("serve without a secret: %v", err)
	}
}
