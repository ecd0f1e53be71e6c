package fixers_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/fixers/fixertest"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/internal/secretcorpus"
	"github.com/driftfix/driftfix/internal/testenv"
)

// Over the corpus: every finding of the rule has its own fingerprint (the
// run history refuses two alike), a message and a reason that never hold
// the secret, and the secret itself only through SecretValue, which a
// detached copy (what reports keep) no longer has; SecretValues has every
// planted value.
func TestHardcodedSecretFindings(t *testing.T) {
	c, err := secretcorpus.Load(filepath.Join(testenv.RepoRoot(), "testdata", "secrets"))
	if err != nil {
		t.Fatal(err)
	}
	rule, _ := fixers.ByID("aws-hardcoded-secret")
	m := iac.Load(context.Background(), os.DirFS(c.Dir), ".")
	in := fixers.Input{Module: m}
	res := fixers.Check(context.Background(), []fixers.Rule{rule}, &in, fixertest.Now)
	if len(res.Findings) != len(c.Secrets) {
		t.Fatalf("%d findings, want %d", len(res.Findings), len(c.Secrets))
	}
	seen := map[string]string{}
	for _, f := range res.Findings {
		where := f.File + ":" + f.Address
		if other, dup := seen[f.Fingerprint()]; dup {
			t.Errorf("%s and %s share the fingerprint %s", where, other, f.Fingerprint())
		}
		seen[f.Fingerprint()] = where
		if leaks := c.Leaks(f.Message + f.Reason + f.FixNote + f.Attribute + f.Address); len(leaks) > 0 {
			t.Errorf("%s: the finding shows the secret", where)
		}
		v, _, kind, ok := f.SecretValue()
		if !ok || v == "" || kind == "" || !strings.HasPrefix(f.Secret, "sha256:") {
			t.Errorf("%s: a secret of %d bytes, kind %q, fingerprint %q", where, len(v), kind, f.Secret)
		}
		if _, _, _, ok := f.Detached().SecretValue(); ok {
			t.Errorf("%s: a detached finding still has its secret", where)
		}
	}
	values := strings.Join(fixers.SecretValues(m), "\x00")
	for _, x := range c.Secrets {
		if !strings.Contains(values, x.Value) {
			t.Errorf("SecretValues lacks the %s at %s:%d", x.Kind, x.File, x.Line)
		}
	}
}

// Two secrets in one attribute (a script) are two findings with two
// fingerprints; the same secret in two variable files for one variable too.
func TestHardcodedSecretFingerprintsDiffer(t *testing.T) {
	fsys := fstest.MapFS{
		"main.tf":          {Data: []byte("resource \"aws_instance\" \"w\" {\n  ami       = \"ami-1\"\n  user_data = <<-EOT\n    export DB_PASSWORD=Zyvm^bPkZy%RHJouZrQV\n    export API_TOKEN=ghp_pWKOEcAZfrmxKjN1XflVGzNRxsfN6SPMkch6\n  EOT\n}\n\nvariable \"db_password\" {\n  type = string\n}\n")},
		"terraform.tfvars": {Data: []byte("db_password = \"Lp0-x8Qz7Wv-93k\"\n")},
		"prod.tfvars":      {Data: []byte("db_password = \"Lp0-x8Qz7Wv-93k\"\n")},
	}
	rule, _ := fixers.ByID("aws-hardcoded-secret")
	in := fixers.Input{Module: iac.Load(context.Background(), fsys, ".")}
	res := fixers.Check(context.Background(), []fixers.Rule{rule}, &in, fixertest.Now)
	fps := map[string]bool{}
	for _, f := range res.Findings {
		fps[f.Fingerprint()] = true
	}
	if len(res.Findings) != 4 || len(fps) != 4 {
		t.Fatalf("%d findings with %d fingerprints, want 4 and 4", len(res.Findings), len(fps))
	}
}
