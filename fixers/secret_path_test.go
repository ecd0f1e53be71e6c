package fixers_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/fixers/fixertest"
)

// The walk over literals reuses its path stack: a secret deep in an object,
// followed by a sibling key, keeps its own path — the variable the fix
// moves it into is named after where the secret was, not after the key
// walked next.
func TestSecretDeepInObjectKeepsItsPath(t *testing.T) {
	src := `locals {
  settings = {
    app = {
      db = {
        password = "q7Rv2NwX9tLp4ZkM8sYb3HcJ"
        zone     = "eu-west-1a"
      }
    }
  }
}
`
	fsys := fstest.MapFS{"main.tf": {Data: []byte(src)}}
	rule, _ := fixers.ByID("aws-hardcoded-secret")
	res, err := fixers.Fix(context.Background(), fsys, ".", []fixers.Rule{rule}, fixers.Input{}, fixers.FixOptions{Now: fixertest.Now})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Fixed) != 1 {
		t.Fatalf("fixed %d findings, remaining %v; want the password moved", len(res.Fixed), res.Remaining)
	}
	var out strings.Builder
	for _, c := range res.Changes {
		out.Write(c.After)
	}
	if s := out.String(); !strings.Contains(s, "password = var.settings_app_db_password\n") || !strings.Contains(s, `variable "settings_app_db_password"`) {
		t.Errorf("the secret's variable is not named after its own path:\n%s", s)
	}
}
