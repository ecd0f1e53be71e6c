package aws

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/cloud/awslocal"
)

// faultRefs are resources of every type the reader reads, present and
// absent.
func faultRefs() []cloud.Ref {
	return []cloud.Ref{
		ref(typeS3Bucket, "app-data"), ref(typeS3Bucket, "audit-logs"), ref(typeS3Bucket, "ghost-bucket"),
		ref(typeS3SSE, "app-data"), ref(typeS3SSE, "audit-logs"), ref(typeS3Versioning, "app-data"),
		ref(typeS3PAB, "app-data"), ref(typeS3Logging, "app-data"), ref(typeS3Bucket, "eu-archive"),
		ref(typeSecurity, "sg-0123456789abcdef0"), ref(typeSecurity, "sg-0fedcba9876543210"), ref(typeSecurity, "sg-0000000000000dead"),
		ref(typeInstance, "i-0aaaaaaaaaaaaaaa1"), ref(typeInstance, "i-0aaaaaaaaaaaaaaa3"), ref(typeInstance, "i-0000000000000dead"),
		ref(typeEBSVolume, "vol-0data000000001"), ref(typeEBSVolume, "vol-0000000000000dead"),
		ref(typeDBInstance, "orders"), ref(typeDBInstance, "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ"), ref(typeDBInstance, "ghost"),
		ref(typeIAMRole, "app"), ref(typeIAMRole, "ci"), ref(typeIAMRole, "ghost"),
		ref(typeKMSKey, "0b6f1e2c-1111-4000-8000-000000000001"), ref(typeKMSKey, "0b6f1e2c-1111-4000-8000-000000000004"),
		ref(typeKMSKey, "ffffffff-0000-4000-8000-00000000dead"),
	}
}

func attrsJSON(m map[string]any) string {
	b, _ := json.Marshal(m)
	return string(b)
}

// A proxy between the SDK and the endpoint answers a share of the calls
// with an empty 200, a truncated body, an HTML page, a 500, a throttling
// error, a reset or a stall. Over many seeds, every resource the reader
// reports found has exactly the attributes a clean read gives, every
// resource it reports missing is missing, and everything else is in
// Failed: a fault never becomes a deletion, a change or a panic. A sweep
// never reports a partial list of a type and region.
func TestFaultsNeverInventFindings(t *testing.T) {
	seed := loadSeed(t)
	refs := faultRefs()
	_, calm := start(t, seed, awslocal.Options{})
	cleanGet, err := calm.Get(t.Context(), refs)
	if err != nil || len(cleanGet.Failed) > 0 {
		t.Fatalf("clean read: %v %v", err, cleanGet.Failed)
	}
	wantFound := map[cloud.Ref]string{}
	for _, f := range cleanGet.Found {
		if f.Type == typeIAMRole {
			delete(f.Attrs, "unique_id") // generated per server
		}
		wantFound[f.Ref] = attrsJSON(f.Attrs)
	}
	wantMissing := map[cloud.Ref]bool{}
	for _, m := range cleanGet.Missing {
		wantMissing[m] = true
	}
	if len(wantFound) == 0 || len(wantMissing) == 0 {
		t.Fatalf("the clean read should find and miss resources: %d found, %d missing", len(wantFound), len(wantMissing))
	}
	cleanList := list(t, calm, calm.Types())
	type job struct{ typ, region string }
	wantListed := map[job][]string{}
	for _, x := range cleanList {
		k := job{x.Type, x.Region}
		if types[x.Type].global {
			k.region = ""
		}
		wantListed[k] = append(wantListed[k], x.ID)
	}

	const seeds = 8
	var mu sync.Mutex
	injected := map[awslocal.ProxyFault]int{}
	failedGets, failedLists, foundGets := 0, 0, 0
	// The seeds run at once: most of their time is spent waiting (stalls,
	// backoff, the adaptive retryer's slow-down after throttling). On a
	// loaded machine some calls also outlast the short request timeout;
	// those reads fail too, which the assertions allow.
	var wg sync.WaitGroup
	for s := range seeds {
		wg.Go(func() {
			t.Run(fmt.Sprint("seed-", s), func(t *testing.T) {
				ts := httptest.NewServer(awslocal.New(seed, awslocal.Options{}))
				t.Cleanup(ts.Close)
				px, err := awslocal.NewFaultProxy(awslocal.ProxyOptions{Target: ts.URL, Rate: 0.25, Seed: uint64(s), StallFor: 5 * time.Second})
				if err != nil {
					t.Fatal(err)
				}
				ps := httptest.NewServer(px)
				t.Cleanup(ps.Close)
				r, err := New(t.Context(), Options{Regions: regions, Endpoint: ps.URL, MaxAttempts: 2, MaxBackoff: 5 * time.Millisecond, RequestTimeout: 400 * time.Millisecond})
				if err != nil {
					t.Fatal(err)
				}

				// The managed read and the sweep run at once, as drift runs
				// them.
				var got cloud.GetResult
				var swept cloud.ListResult
				var getErr, listErr error
				var both sync.WaitGroup
				both.Go(func() { got, getErr = r.Get(t.Context(), refs) })
				both.Go(func() { swept, listErr = r.List(t.Context(), r.Types()) })
				both.Wait()
				if getErr != nil || listErr != nil {
					t.Fatalf("the read failed as a whole: %v, %v", getErr, listErr)
				}
				seen := map[cloud.Ref]int{}
				for _, f := range got.Found {
					seen[f.Ref]++
					want, ok := wantFound[f.Ref]
					if !ok {
						t.Errorf("%v found, but a clean read says it is missing", f.Ref)
						continue
					}
					if f.Type == typeIAMRole {
						delete(f.Attrs, "unique_id")
					}
					if g := attrsJSON(f.Attrs); g != want {
						t.Errorf("%v read with other attributes than a clean read (a false change):\n got %s\nwant %s", f.Ref, g, want)
					}
				}
				for _, m := range got.Missing {
					seen[m]++
					if !wantMissing[m] {
						t.Errorf("%v reported missing (a false deletion); a clean read finds it", m)
					}
				}
				for _, f := range got.Failed {
					seen[f.Ref]++
					if f.Err == nil {
						t.Errorf("%v failed without a reason", f.Ref)
					}
				}
				for _, ref := range refs {
					if seen[ref] != 1 {
						t.Errorf("%v is in %d of found, missing and failed; want exactly 1", ref, seen[ref])
					}
				}

				failedJobs := map[job]bool{}
				for _, f := range swept.Failed {
					failedJobs[job{f.Type, f.Region}] = true
				}
				gotListed := map[job][]string{}
				for _, x := range swept.Resources {
					k := job{x.Type, x.Region}
					if types[x.Type].global {
						k.region = ""
					}
					if failedJobs[k] {
						t.Errorf("%v listed from a listing that failed", x.Ref)
					}
					gotListed[k] = append(gotListed[k], x.ID)
				}
				for k, want := range wantListed {
					if failedJobs[k] {
						continue
					}
					if !slices.Equal(gotListed[k], want) {
						t.Errorf("listing %v: got %v, want %v (a partial list would make false unmanaged resources or hide real ones)", k, gotListed[k], want)
					}
				}

				mu.Lock()
				defer mu.Unlock()
				for f, n := range px.Injected() {
					injected[f] += n
				}
				failedGets += len(got.Failed)

				foundGets += len(got.Found)
				failedLists += len(swept.Failed)
			})
		})
	}
	wg.Wait()
	t.Logf("%d seeds: %d reads found, %d failed; %d listings failed; faults injected: %v", seeds, foundGets, failedGets, failedLists, injected)
	for _, f := range awslocal.ProxyFaults() {
		if injected[f] == 0 {
			t.Errorf("fault %s was never injected: the test does not cover it", f)
		}
	}
	if failedGets == 0 || failedLists == 0 || foundGets == 0 {
		t.Errorf("the faults should fail some reads and listings and leave others: %d found, %d failed reads, %d failed listings", foundGets, failedGets, failedLists)
	}
}
