package pipeline

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/driftfix/driftfix/cloud/aws"
	"github.com/driftfix/driftfix/cloud/awslocal"
	"github.com/driftfix/driftfix/codify"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac/tfstate"
	"github.com/driftfix/driftfix/policy"
)

// isolateAWS keeps the developer's AWS files, profile and endpoint
// variables and the instance metadata service out of a test, with static
// credentials in the environment.
func isolateAWS(t testing.TB) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_ACCESS_KEY_ID":           "AKIDLOCAL",
		"AWS_SECRET_ACCESS_KEY":       "secret",
	} {
		t.Setenv(k, v)
	}
	for _, k := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_SESSION_TOKEN",
		"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_RDS", "AWS_ENDPOINT_URL_KMS",
		"AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
}

// serve starts awslocal with the seed file and returns its URL.
func serve(t testing.TB, seedFile string) string {
	t.Helper()
	seed, err := awslocal.LoadSeed(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(awslocal.New(seed, awslocal.Options{}))
	t.Cleanup(ts.Close)
	return ts.URL
}

func reader(t testing.TB, endpoint string, opts aws.Options) *aws.Reader {
	t.Helper()
	opts.Endpoint = endpoint
	if len(opts.Types) == 0 {
		opts.Types = awslocal.Types()
	}
	if len(opts.Regions) == 0 {
		opts.Regions = []string{"us-east-1"}
	}
	if opts.MaxBackoff == 0 {
		opts.MaxBackoff = 5 * time.Millisecond
	}
	r, err := aws.New(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func readRawState(t testing.TB, path string) *tfstate.State {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := tfstate.ParseRaw(raw)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// The same account, managed through a state of each major version of the
// AWS provider: each keeps its own id forms (v4: aws_db_instance id is the
// identifier; v5 and v6: the DBI resource ID; bucket configurations with
// an expected owner: "bucket,account"). Every managed resource is found and
// matches, nothing managed is reported unmanaged, and import generation
// adopts only the one bucket no state manages.
func TestDriftProviderIDForms(t *testing.T) {
	isolateAWS(t)
	dir := filepath.Join("testdata", "provider-ids")
	endpoint := serve(t, filepath.Join(dir, "seed.json"))
	table := policy.DefaultTable(fixers.All())
	for _, v := range []string{"v4", "v5", "v6"} {
		t.Run(v, func(t *testing.T) {
			st := readRawState(t, filepath.Join(dir, v+".tfstate"))
			if len(st.Resources) != 10 {
				t.Fatalf("%s has %d resources, want 10", v, len(st.Resources))
			}
			req := driftJob{Project: Project{Name: v, Dir: dir}, Inventory: reader(t, endpoint, aws.Options{}), Table: table, Sweep: true, Region: "us-east-1"}
			res, err := compareLive(t.Context(), req, st)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) > 0 {
				t.Fatalf("read errors: %+v", res.Errors)
			}
			var got []string
			for _, it := range res.Items {
				got = append(got, string(it.Kind)+" "+it.Type+" "+it.ID+" "+it.Address)
				for _, c := range it.Changes {
					got = append(got, "  "+c.Path)
				}
			}
			want := []string{"unmanaged aws_s3_bucket acme-shadow "}
			if len(got) != 1 || got[0] != want[0] {
				t.Fatalf("drift:\n%v\nwant only\n%v", got, want)
			}
			if n := len(res.Live); n < 10 {
				t.Errorf("live resources: %d, want every managed one and the sweep", n)
			}

			imp, err := codify.Imports(nil, res.Items, res.Live, res.State)
			if err != nil {
				t.Fatal(err)
			}
			if len(imp.Resources) != 1 || imp.Resources[0].ID != "acme-shadow" {
				t.Errorf("imports: %+v, want acme-shadow only", imp.Resources)
			}
		})
	}
}
