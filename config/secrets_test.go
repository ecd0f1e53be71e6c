package config

import (
	"strings"
	"testing"
)

func TestSecretsBlock(t *testing.T) {
	if s := mustParse(t, "project \"app\" {}\n").Secrets(); s.DeactivateLeakedKeys || len(s.Variables) != 0 {
		t.Errorf("without the block: %+v, want everything off", s)
	}
	c := mustParse(t, `secrets {
  deactivate_leaked_keys = true
  variables = {
    "aws_db_instance.db.password" = "db_password"
    "module.app.api_token"        = "app_token"
  }
}
`)
	s := c.Secrets()
	if !s.DeactivateLeakedKeys || len(s.Variables) != 2 {
		t.Fatalf("secrets: %+v", s)
	}
	got := map[string]string{}
	for _, v := range s.Variables {
		got[v.Key] = v.Name.Value
	}
	if got["aws_db_instance.db.password"] != "db_password" || got["module.app.api_token"] != "app_token" {
		t.Errorf("variables: %v", got)
	}
	s.Variables[0].Key = "changed"
	if c.Secrets().Variables[0].Key == "changed" {
		t.Error("Secrets() shares its slice with the config")
	}
	o, err := c.WithOverrides(Overrides{Environment: "dev"})
	if err != nil || !o.Secrets().DeactivateLeakedKeys {
		t.Errorf("WithOverrides dropped the secrets block: %v", err)
	}
}

func TestSecretsErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"secrets {\n  deactivate_leaked_keys = \"yes please\"\n}\n", "driftfix.hcl:2,29-39: Unsuitable value type"},
		{"secrets {\n  variables = { \"aws_db_instance.db.password\" = \"db password\" }\n}\n", `driftfix.hcl:2,49-62: Invalid variable name; variables: "db password" is not a Terraform variable name`},
		{"secrets {}\nsecrets {}\n", "driftfix.hcl:2,1-8: Duplicate secrets block"},
		{"secrets {\n  delete_keys = true\n}\n", `driftfix.hcl:2,3-14: Unsupported argument; An argument named "delete_keys" is not expected here.`},
		{"notifications {\n  events = [\"leaked_keys\"]\n}\n", `Unknown event; events: "leaked_keys" is not an event`},
	} {
		_, diags := Parse([]byte(tt.src), FileName)
		if got := FormatDiagnostics(diags); !diags.HasErrors() || !strings.Contains(got, tt.want) {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}
