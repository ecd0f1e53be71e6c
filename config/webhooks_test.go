package config

import (
	"slices"
	"strings"
	"testing"
)

func TestWebhooks(t *testing.T) {
	src := `repository {
  url    = "https://git.example.test/acme/infra.git"
  github = "acme/infra"
  app_id               = 12
  app_installation_id  = 34
  app_private_key_file = "/etc/driftfix/app.pem"
}
webhooks {
  secret_file        = "/etc/driftfix/webhook-secret"
  bot_login          = "driftfix[bot]"
  approvers          = ["alice", "Bob-2", "alice"]
  apply_requirements = ["approved", "mergeable"]
  workers            = 2
}
project "net" {
  dir = "net"
  apply_requirements = []
}
project "app" {
  dir = "app"
}
`
	c, diags := Parse([]byte(src), FileName)
	if diags.HasErrors() {
		t.Fatal(FormatDiagnostics(diags))
	}
	w, ok := c.Webhooks()
	if !ok {
		t.Fatal("no webhooks block")
	}
	if w.SecretFile != "/etc/driftfix/webhook-secret" || w.SecretEnv != "" || w.BotLogin != "driftfix[bot]" || w.Workers != 2 ||
		!slices.Equal(w.Approvers, []string{"alice", "Bob-2"}) || !slices.Equal(w.ApplyRequirements, []string{"approved", "mergeable"}) {
		t.Errorf("webhooks = %+v", w)
	}
	if got := c.ApplyRequirements("net"); got == nil || len(got) != 0 {
		t.Errorf("net's own empty apply_requirements = %#v; want none (and not the block's)", got)
	}
	if got := c.ApplyRequirements("app"); !slices.Equal(got, []string{"approved", "mergeable"}) {
		t.Errorf("app inherits %v", got)
	}
	repo, _ := c.Repository()
	if repo.App == nil || repo.App.ID != 12 || repo.App.InstallationID != 34 || repo.App.PrivateKeyFile != "/etc/driftfix/app.pem" {
		t.Errorf("app = %+v", repo.App)
	}
}

func TestWebhooksDefaults(t *testing.T) {
	c, diags := Parse([]byte("repository {\n  url = \"x\"\n  github = \"acme/infra\"\n}\nwebhooks {}\n"), FileName)
	if diags.HasErrors() {
		t.Fatal(FormatDiagnostics(diags))
	}
	w, _ := c.Webhooks()
	if w.SecretEnv != DefaultWebhookSecretEnv || w.Workers != DefaultWebhookWorkers || len(w.Approvers) != 0 ||
		!slices.Equal(w.ApplyRequirements, ApplyRequirementNames) {
		t.Errorf("defaults = %+v", w)
	}
	if _, ok := Default().Webhooks(); ok {
		t.Error("a config without the block answers webhooks")
	}
}

func TestWebhooksErrors(t *testing.T) {
	const repo = "repository {\n  url = \"x\"\n  github = \"acme/infra\"\n}\n"
	for _, tt := range []struct{ src, want string }{
		{"webhooks {}\n", "driftfix.hcl:1,1-9: No GitHub repository"},
		{"repository {\n  url = \"x\"\n}\nwebhooks {}\n", "driftfix.hcl:4,1-9: No GitHub repository"},
		{repo + "webhooks {\n  secret_env = \"1X\"\n}\n", "driftfix.hcl:6,16-20: Invalid environment variable"},
		{repo + "webhooks {\n  secret_env = \"A\"\n  secret_file = \"f\"\n}\n", "driftfix.hcl:7,17-20: Two secret sources"},
		{repo + "webhooks {\n  approvers = [\"al ice\"]\n}\n", `driftfix.hcl:6,16-24: Invalid login; approvers: "al ice"`},
		{repo + "webhooks {\n  bot_login = \"-bot\"\n}\n", "driftfix.hcl:6,15-21: Invalid login"},
		{repo + "webhooks {\n  apply_requirements = [\"green\"]\n}\n", `driftfix.hcl:6,25-32: Unknown apply requirement; apply_requirements: "green" is not one of`},
		{repo + "webhooks {\n  workers = 0\n}\n", "driftfix.hcl:6,13-14: Invalid workers"},
		{repo + "webhooks {}\nwebhooks {}\n", "driftfix.hcl:6,1-9: Duplicate webhooks block"},
		{"project \"a\" {\n  apply_requirements = [\"signed\"]\n}\n", "driftfix.hcl:2,25-33: Unknown apply requirement"},
		{"repository {\n  url = \"x\"\n  app_id = 1\n}\n", "driftfix.hcl:1,1-11: Incomplete GitHub App; app_installation_id is missing"},
		{"repository {\n  url = \"x\"\n  app_id = 1\n  app_installation_id = 2\n}\n", "Incomplete GitHub App; The App's private key is missing"},
		{"repository {\n  url = \"x\"\n  app_id = 0\n  app_installation_id = 2\n  app_private_key_env = \"K\"\n}\n", "driftfix.hcl:3,12-13: Invalid app id"},
	} {
		_, diags := Parse([]byte(tt.src), FileName)
		if got := FormatDiagnostics(diags); !diags.HasErrors() || !strings.Contains(got, tt.want) {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}
