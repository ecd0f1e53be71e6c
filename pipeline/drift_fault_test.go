package pipeline

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/cloud/aws"
	"github.com/driftfix/driftfix/cloud/awslocal"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/policy"
)

// driftedSeed is the provider-ids account after some hands-on changes: a
// tag added in the console (codify), an HTTPS rule opened to the world
// (revert), a volume deleted, and a bucket no state manages.
func driftedSeed(t testing.TB) *awslocal.Seed {
	t.Helper()
	seed, err := awslocal.LoadSeed(filepath.Join("testdata", "provider-ids", "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	seed.S3Buckets[0].Tags["owner"] = "ops"
	seed.SecurityGroups[0].Ingress = append(seed.SecurityGroups[0].Ingress,
		awslocal.SecurityRule{FromPort: 443, ToPort: 443, Protocol: "tcp", CIDRBlocks: []string{"0.0.0.0/0"}, Description: "opened by hand"})
	seed.EBSVolumes = nil
	return seed
}

// itemKey names a drift item and what it says.
func itemKey(it cloud.Drift) string {
	b, _ := json.Marshal(it)
	return string(b)
}

// A fault proxy between the SDK and the endpoint answers a random share of
// calls with an empty 200, truncated JSON or XML, HTML, a 500, throttling,
// a reset or a stall. Over many seeds, drift reports nothing a clean read
// does not (no false deleted, changed or unmanaged resource), every drift
// the clean read reports is either reported the same or explained by an
// error for that resource, and codify edits nothing a clean read would not:
// no code edit comes from a failed read.
func TestDriftUnderFaults(t *testing.T) {
	isolateAWS(t)
	dir := filepath.Join("testdata", "provider-ids")
	st := readRawState(t, filepath.Join(dir, "v5.tfstate"))
	seed := driftedSeed(t)
	table := policy.DefaultTable(fixers.All())
	project := Project{Name: "faults", Dir: dir}
	run := func(t testing.TB, endpoint string, opts aws.Options) (*compared, *CodifyResult) {
		req := driftJob{Project: project, Inventory: reader(t, endpoint, opts), Table: table, Sweep: true, Region: "us-east-1"}
		res, err := compareLive(t.Context(), req, st)
		if err != nil {
			t.Fatalf("the read failed as a whole: %v", err)
		}
		cr, err := codifyDrift(t.Context(), project, &res.driftOutcome)
		if err != nil {
			t.Fatal(err)
		}
		return res, cr
	}

	cleanSrv := httptest.NewServer(awslocal.New(seed, awslocal.Options{}))
	t.Cleanup(cleanSrv.Close)
	clean, cleanCodify := run(t, cleanSrv.URL, aws.Options{})
	if len(clean.Errors) > 0 {
		t.Fatalf("clean read failed: %+v", clean.Errors)
	}
	want := map[string]bool{}
	var kinds []string
	for _, it := range clean.Items {
		want[itemKey(it)] = true
		kinds = append(kinds, string(it.Kind)+" "+it.Type)
	}
	slices.Sort(kinds)
	if !slices.Equal(kinds, []string{"changed aws_s3_bucket", "changed aws_security_group", "deleted aws_ebs_volume", "unmanaged aws_s3_bucket"}) {
		t.Fatalf("the clean read should see the hands-on changes, got %v", kinds)
	}
	cleanFiles := cleanCodify.Changes.Files()
	if len(cleanFiles) != 2 {
		t.Fatalf("the clean codify should edit main.tf and write the imports, got %v", slices.Collect(maps.Keys(cleanFiles)))
	}

	const seeds = 12
	var mu sync.Mutex
	injected := map[awslocal.ProxyFault]int{}
	failed, reported, edited := 0, 0, 0
	var wg sync.WaitGroup
	slots := make(chan struct{}, 6) // a few at once: more would starve each other of CPU
	for s := range seeds {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			t.Run(fmt.Sprint("seed-", s), func(t *testing.T) {
				srv := httptest.NewServer(awslocal.New(seed, awslocal.Options{}))
				t.Cleanup(srv.Close)
				px, err := awslocal.NewFaultProxy(awslocal.ProxyOptions{Target: srv.URL, Rate: 0.3, Seed: uint64(1000 + s), StallFor: 5 * time.Second})
				if err != nil {
					t.Fatal(err)
				}
				ps := httptest.NewServer(px)
				t.Cleanup(ps.Close)
				res, cr := run(t, ps.URL, aws.Options{MaxAttempts: 2, RequestTimeout: 400 * time.Millisecond})

				unknown := map[string]bool{} // type/id, and type for a failed sweep
				for _, e := range res.Errors {
					if e.Message == "" {
						t.Errorf("an error without a message: %+v", e)
					}
					if e.ID != "" && e.Address == "" {
						t.Errorf("a failed read without its address: %+v", e)
					}
					unknown[e.Type+"/"+e.ID] = true
				}
				got := map[string]bool{}
				for _, it := range res.Items {
					got[itemKey(it)] = true
					if !want[itemKey(it)] {
						t.Errorf("false finding under faults (a clean read does not report it): %s", itemKey(it))
					}
				}
				for _, it := range clean.Items {
					if got[itemKey(it)] {
						continue
					}
					id := it.ID
					if it.Kind == cloud.Unmanaged {
						id = "" // the sweep of its type failed
					}
					if !unknown[it.Type+"/"+id] {
						t.Errorf("a drift the clean read reports is missing, and no error explains it: %s", itemKey(it))
					}
				}

				// Codify edits a file only as the clean read would, and
				// only for what it read.
				for path, src := range cr.Changes.Files() {
					if string(src) != string(cleanFiles[path]) {
						t.Errorf("codify under faults wrote %s unlike a clean read:\n%s", path, src)
					}
				}
				mu.Lock()
				defer mu.Unlock()
				for f, n := range px.Injected() {
					injected[f] += n
				}
				failed += len(res.Errors)
				reported += len(res.Items)
				edited += len(cr.Changes)
			})
		})
	}
	wg.Wait()
	t.Logf("%d seeds: %d drift items reported, %d reads failed, %d files codified; faults injected: %v", seeds, reported, failed, edited, injected)
	if failed == 0 || reported == 0 {
		t.Errorf("the faults should fail some reads and leave others: %d failed, %d reported", failed, reported)
	}
	for _, f := range awslocal.ProxyFaults() {
		if injected[f] == 0 {
			t.Errorf("fault %s was never injected", f)
		}
	}
}
