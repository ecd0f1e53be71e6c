package codify_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/codify"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/iac/tfstate"
	"github.com/driftfix/driftfix/internal/testenv"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestImports generates the import file for testdata/import and
// checks it against the golden, that it parses and loads with the module
// (each generated resource at its import address, no clash), and that the
// real terraform fmt -check passes on it. terraform validate is out of
// scope: it needs the AWS provider.
func TestImports(t *testing.T) {
	tf := testenv.Terraform(t)
	dir := filepath.Join("testdata", "import")
	ctx := context.Background()
	m := iac.Load(ctx, os.DirFS(dir), ".")
	if len(m.Diagnostics) > 0 {
		t.Fatal(m.Diagnostics.Error())
	}
	var drifts []cloud.Drift
	var live []cloud.Resource
	readJSON(t, filepath.Join(dir, "drift.json"), &drifts)
	readJSON(t, filepath.Join(dir, "live.json"), &live)

	f, err := codify.Imports(m, drifts, live, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "driftfix_imports.tf" {
		t.Errorf("name %q", f.Name)
	}
	golden(t, filepath.Join(dir, "driftfix_imports.tf.golden"), f.Src)
	res, _ := json.MarshalIndent(f.Resources, "", "  ")
	golden(t, filepath.Join(dir, "imported.golden.json"), append(res, '\n'))

	if _, diags := hclsyntax.ParseConfig(f.Src, f.Name, hcl.InitialPos); diags.HasErrors() {
		t.Fatalf("does not parse: %s", diags.Error())
	}
	tmp := filepath.Join(t.TempDir(), f.Name)
	if err := os.WriteFile(tmp, f.Src, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(tf, "fmt", "-check", "-diff", tmp).CombinedOutput(); err != nil {
		t.Errorf("terraform fmt -check: %v\n%s", err, out)
	}

	// The module with the file loads; every generated block is at its
	// import address, every address is unique, and the existing resource
	// kept its name.
	work := t.TempDir()
	src, err := os.ReadFile(filepath.Join(dir, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "main.tf"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, f.Name), f.Src, 0o644); err != nil {
		t.Fatal(err)
	}
	m2 := iac.Load(ctx, os.DirFS(work), ".")
	if len(m2.Diagnostics) > 0 {
		t.Fatal(m2.Diagnostics.Error())
	}
	addrs := map[string]int{}
	for _, r := range m2.Resources {
		addrs[r.Address()]++
	}
	unmanaged := 0
	for _, d := range drifts {
		if d.Kind == cloud.Unmanaged {
			unmanaged++
		}
	}
	if len(f.Resources) != unmanaged-1 { // one is listed twice
		t.Errorf("%d imports for %d unmanaged drifts", len(f.Resources), unmanaged)
	}
	seen := map[string]bool{}
	for _, imp := range f.Resources {
		if seen[imp.Address] {
			t.Errorf("address %s used twice", imp.Address)
		}
		seen[imp.Address] = true
		name := imp.Address[strings.LastIndex(imp.Address, ".")+1:]
		if !hclsyntax.ValidIdentifier(name) || strings.Contains(name, "-") {
			t.Errorf("name %q is not a snake-case identifier", name)
		}
		if imp.Generated != (addrs[imp.Address] == 1) {
			t.Errorf("%s: generated %v, but %d blocks in the module", imp.Address, imp.Generated, addrs[imp.Address])
		}
		if !imp.Generated && imp.Reason == "" {
			t.Errorf("%s: no block and no reason", imp.Address)
		}
		if !strings.Contains(string(f.Src), "to = "+imp.Address+"\n") {
			t.Errorf("no import block to %s", imp.Address)
		}
	}
	if addrs["aws_s3_bucket.fx_existing"] != 1 {
		t.Error("the existing resource is gone or doubled")
	}

	// Regenerating over an earlier file gives the same names: the file's
	// own resources do not count as taken.
	again, err := codify.Imports(m2, drifts, live, nil)
	if err != nil || string(again.Src) != string(f.Src) {
		t.Errorf("regenerating over the file changed it (%v)", err)
	}
	// Without a module, the names are still unique.
	if noMod, err := codify.Imports(nil, drifts, live, nil); err != nil || len(noMod.Resources) != len(f.Resources) {
		t.Errorf("without a module: %v", err)
	}
	// Nothing unmanaged: nothing to write.
	if empty, err := codify.Imports(m, drifts[:2], live, nil); err != nil || empty.Src != nil || len(empty.Resources) != 0 {
		t.Errorf("no unmanaged drift gave %q, %v", empty.Src, err)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// Import generation never adopts what state already manages, under any of
// the ID forms a provider version keeps (aws_db_instance: the identifier in
// v4, the DBI resource ID in v5 and v6), and never to an address state
// already has.
func TestImportsSkipsManaged(t *testing.T) {
	stateFor := func(id string) []tfstate.Resource {
		raw := `{"version": 4, "terraform_version": "1.5.7", "resources": [
		  {"mode": "managed", "type": "aws_db_instance", "name": "orders", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
		   "instances": [{"attributes": {"id": "` + id + `", "identifier": "orders", "resource_id": "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
		     "arn": "arn:aws:rds:us-east-1:111122223333:db:orders"}}]},
		  {"mode": "managed", "type": "aws_s3_bucket", "name": "shadow", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
		   "instances": [{"attributes": {"id": "old-shadow", "bucket": "old-shadow", "arn": "arn:aws:s3:::old-shadow"}}]}]}`
		st, err := tfstate.ParseRaw([]byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		return st.Resources
	}
	live := []cloud.Resource{
		{Ref: cloud.Ref{Type: "aws_db_instance", ID: "orders", Region: "us-east-1"}, Attrs: map[string]any{
			"id": "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ", "identifier": "orders", "resource_id": "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ", "instance_class": "db.t3.micro"}},
		{Ref: cloud.Ref{Type: "aws_s3_bucket", ID: "shadow", Region: "us-east-1"}, Attrs: map[string]any{"bucket": "shadow"}},
	}
	drifts := []cloud.Drift{
		{Kind: cloud.Unmanaged, Type: "aws_db_instance", ID: "orders", Region: "us-east-1"},
		{Kind: cloud.Unmanaged, Type: "aws_s3_bucket", ID: "shadow", Region: "us-east-1"},
	}
	for _, tt := range []struct{ provider, id string }{{"v4", "orders"}, {"v5", "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ"}, {"v6", "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ"}} {
		t.Run(tt.provider, func(t *testing.T) {
			f, err := codify.Imports(nil, drifts, live, stateFor(tt.id))
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Resources) != 1 || f.Resources[0].ID != "shadow" {
				t.Fatalf("imported %+v; want only the bucket", f.Resources)
			}
			if strings.Contains(string(f.Src), "orders") {
				t.Errorf("the managed DB instance is in the import file:\n%s", f.Src)
			}
			// aws_s3_bucket.shadow is in state (for another bucket): the
			// import goes to another address.
			if got := f.Resources[0].Address; got != "aws_s3_bucket.shadow_2" {
				t.Errorf("import address %s, want aws_s3_bucket.shadow_2", got)
			}
		})
	}
}
