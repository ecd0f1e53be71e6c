package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestRunnerBlocks(t *testing.T) {
	c := mustParse(t, `repository {
  url            = "https://git.example.test/acme/infra.git"
  default_branch = "main"
  commit_mode    = "direct"
  author_name    = "Fixer"
  author_email   = "fixer@example.test"
  token_env      = "GIT_TOKEN"
  labels         = ["driftfix", "security", "driftfix"]
  github         = "acme/infra"
  github_api_url = "https://ghe.example.test"
}
server {
  listen      = "0.0.0.0:9090"
  database    = "postgres://driftfix@db.internal/driftfix"
  concurrency = 4
  max_jitter  = "5m"
}
notifications {
  webhook_url_file = "/run/secrets/slack"
  events           = ["failure", "review"]
}
`)
	repo, ok := c.Repository()
	want := Repository{URL: "https://git.example.test/acme/infra.git", DefaultBranch: "main", CommitMode: "direct",
		AuthorName: "Fixer", AuthorEmail: "fixer@example.test", TokenEnv: "GIT_TOKEN", Labels: []string{"driftfix", "security"},
		GitHub: "acme/infra", GitHubAPIURL: "https://ghe.example.test"}
	if !ok || !reflect.DeepEqual(repo, want) {
		t.Errorf("Repository() = %+v, %v\nwant %+v", repo, ok, want)
	}
	if s := c.Server(); s != (Server{Listen: "0.0.0.0:9090", Database: "postgres://driftfix@db.internal/driftfix", Concurrency: 4, MaxJitter: 5 * time.Minute}) {
		t.Errorf("Server() = %+v", s)
	}
	if n := c.Notifications(); n.WebhookURLEnv != "" || n.WebhookURLFile != "/run/secrets/slack" || !reflect.DeepEqual(n.Events, []string{"failure", "review"}) {
		t.Errorf("Notifications() = %+v", n)
	}
	// accessors hand out copies
	repo.Labels[0] = "changed"
	if r, _ := c.Repository(); r.Labels[0] != "driftfix" {
		t.Error("Labels shared with the caller")
	}
	// overrides keep the blocks
	o, err := c.WithOverrides(Overrides{Environment: "prod"})
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := o.Repository(); !ok || r.URL != want.URL || o.Server().Concurrency != 4 {
		t.Error("WithOverrides dropped the runner blocks")
	}
}

func TestRunnerDefaults(t *testing.T) {
	for _, c := range []*Config{Default(), mustParse(t, "repository {\n  url = \"../infra.git\"\n}\nserver {}\nnotifications {}\n")} {
		if s := c.Server(); s != (Server{Listen: DefaultListen, Database: DefaultDatabase, Concurrency: DefaultConcurrency, MaxJitter: DefaultMaxJitter}) {
			t.Errorf("Server() = %+v", s)
		}
		if n := c.Notifications(); n.WebhookURLEnv != DefaultWebhookURLEnv || !reflect.DeepEqual(n.Events, NotifyEvents) {
			t.Errorf("Notifications() = %+v", n)
		}
	}
	if _, ok := Default().Repository(); ok {
		t.Error("the defaults have a repository")
	}
	repo, _ := mustParse(t, "repository {\n  url = \"../infra.git\"\n}\n").Repository()
	if repo.CommitMode != "pr" || repo.AuthorName != DefaultAuthorName || repo.AuthorEmail != DefaultAuthorEmail {
		t.Errorf("repository defaults: %+v", repo)
	}
}

func TestRunnerErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"repository {}\n", `driftfix.hcl:1,1-11: Missing required argument; The argument "url" is required`},
		{"repository {\n  url = \"https://user:hunter2@git.example.test/x.git\"\n}\n", "driftfix.hcl:2,9-54: Invalid repository URL; url holds a password or token"},
		{"repository {\n  url = \"ftp://x/y\"\n}\n", "driftfix.hcl:2,9-20: Invalid repository URL"},
		{"repository {\n  url = \"x\"\n  commit_mode = \"push\"\n}\n", `driftfix.hcl:3,17-23: Invalid commit mode; commit_mode is "push"`},
		{"repository {\n  url = \"x\"\n  token_env = \"A-B\"\n}\n", "driftfix.hcl:3,15-20: Invalid environment variable"},
		{"repository {\n  url = \"x\"\n  token_env = \"A\"\n  token_file = \"f\"\n}\n", "driftfix.hcl:4,16-19: Two token sources"},
		{"repository {\n  url = \"x\"\n  default_branch = \"a..b\"\n}\n", "driftfix.hcl:3,20-26: Invalid branch"},
		{"repository {\n  url = \"x\"\n}\nrepository {\n  url = \"y\"\n}\n", "driftfix.hcl:4,1-11: Duplicate repository block"},
		{"repository {\n  url = \"x\"\n  github = \"acme\"\n}\n", "driftfix.hcl:3,12-18: Invalid repository"},
		{"repository {\n  url = \"x\"\n  github_api_url = \"ftp://h\"\n}\n", "driftfix.hcl:3,20-29: Invalid URL"},
		{"server {\n  listen = \"8080\"\n}\n", "driftfix.hcl:2,12-18: Invalid address"},
		{"server {\n  database = \"postgres://u:pw@h/db\"\n}\n", "driftfix.hcl:2,14-36: Password in the file"},
		{"server {\n  concurrency = 0\n}\n", "driftfix.hcl:2,17-18: Invalid concurrency"},
		{"server {\n  max_jitter = \"soon\"\n}\n", "driftfix.hcl:2,16-22: Invalid duration"},
		{"notifications {\n  events = [\"deploy\"]\n}\n", `driftfix.hcl:2,13-21: Unknown event; events: "deploy" is not an event`},
	} {
		_, diags := Parse([]byte(tt.src), FileName)
		if got := FormatDiagnostics(diags); !diags.HasErrors() || !strings.Contains(got, tt.want) {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

func TestLearning(t *testing.T) {
	if l := Default().Learning(); l != (Learning{OverrideRate: DefaultOverrideRate, Window: DefaultLearnWindow, MinFixes: DefaultMinFixes}) {
		t.Errorf("defaults: %+v", l)
	}
	c := mustParse(t, "learning {\n  override_rate = 0.5\n  window        = \"168h\"\n  min_fixes     = 2\n}\n")
	if l := c.Learning(); l != (Learning{OverrideRate: 0.5, Window: 168 * time.Hour, MinFixes: 2}) {
		t.Errorf("Learning() = %+v", l)
	}
	for _, tt := range []struct{ src, want string }{
		{"learning {\n  override_rate = 1.5\n}\n", "driftfix.hcl:2,19-22: Invalid rate"},
		{"learning {\n  window = \"-1h\"\n}\n", "driftfix.hcl:2,12-17: Invalid duration"},
		{"learning {\n  min_fixes = 0\n}\n", "driftfix.hcl:2,15-16: Invalid count"},
	} {
		_, diags := Parse([]byte(tt.src), FileName)
		if got := FormatDiagnostics(diags); !strings.Contains(got, tt.want) {
			t.Errorf("%q: %s, want %s", tt.src, got, tt.want)
		}
	}
}
