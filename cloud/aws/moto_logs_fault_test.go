package aws

import (
	"errors"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/cloud/awslocal"
)

// The fault proxy in front of moto spoils a share of the secrets and
// logging family's calls (an empty 200, a truncated body, an HTML page, a
// 500, throttling, a reset; stalls are the IAM test's): every resource
// read found has exactly the attributes of a clean read, every one
// reported missing is missing, the rest failed; a sweep of a type is
// complete or failed, never partial.
func TestLogsFamilyFaultsAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, logsTypes...)
	buildLogsEstate(t, e)
	e.add("aws_ssm_parameter.gone", "/app/gone", map[string]any{"name": "/app/gone"})
	e.add("aws_cloudwatch_log_group.gone", "/app/gone", map[string]any{"name": "/app/gone"})
	refs := e.refs()
	clean, err := e.r.Get(t.Context(), refs)
	if err != nil || len(clean.Failed) > 0 || len(clean.Missing) != 2 {
		t.Fatalf("clean read: %v, failed %v, missing %v (want the two gone)", err, clean.Failed, clean.Missing)
	}
	wantFound := map[cloud.Ref]string{}
	for _, f := range clean.Found {
		wantFound[f.Ref] = attrsJSON(f.Attrs)
	}
	wantMissing := map[cloud.Ref]bool{}
	for _, m := range clean.Missing {
		wantMissing[m] = true
	}
	cleanList, err := e.r.List(t.Context(), e.r.Types())
	if err != nil || len(cleanList.Failed) > 0 {
		t.Fatalf("clean sweep: %v %v", err, cleanList.Failed)
	}
	wantListed := map[string][]string{}
	for _, x := range cleanList.Resources {
		wantListed[x.Type] = append(wantListed[x.Type], x.ID)
	}

	faults := []awslocal.ProxyFault{awslocal.FaultEmpty, awslocal.FaultTruncated, awslocal.FaultHTML, awslocal.FaultServerError,
		awslocal.FaultThrottle, awslocal.FaultReset}
	injected := map[awslocal.ProxyFault]int{}
	failed, found := 0, 0
	for seed := range 3 {
		px, err := awslocal.NewFaultProxy(awslocal.ProxyOptions{Target: e.URL, Rate: 0.35, Faults: faults, Seed: uint64(seed)})
		if err != nil {
			t.Fatal(err)
		}
		ps := httptest.NewServer(px)
		r, err := New(t.Context(), Options{Regions: []string{motoRegion}, Endpoint: ps.URL, MaxAttempts: 2, MaxBackoff: 5 * time.Millisecond,
			RequestTimeout: 500 * time.Millisecond, Types: logsTypes})
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.Get(t.Context(), refs)
		if err != nil {
			t.Fatal(err)
		}
		swept, err := r.List(t.Context(), r.Types())
		if err != nil {
			t.Fatal(err)
		}
		ps.Close()
		for _, f := range got.Found {
			if want, ok := wantFound[f.Ref]; !ok || attrsJSON(f.Attrs) != want {
				t.Errorf("seed %d: %v read as %s; a clean read gives %s (a false change or resurrection)", seed, f.Ref, attrsJSON(f.Attrs), want)
			}
		}
		for _, m := range got.Missing {
			if !wantMissing[m] {
				t.Errorf("seed %d: %v reported missing (a false deletion)", seed, m)
			}
		}
		if n := len(got.Found) + len(got.Missing) + len(got.Failed); n != len(refs) {
			t.Errorf("seed %d: %d outcomes for %d refs", seed, n, len(refs))
		}
		failedTypes := map[string]bool{}
		for _, f := range swept.Failed {
			failedTypes[f.Type] = true
		}
		gotListed := map[string][]string{}
		for _, x := range swept.Resources {
			gotListed[x.Type] = append(gotListed[x.Type], x.ID)
		}
		for typ, want := range wantListed {
			if !failedTypes[typ] && !slices.Equal(gotListed[typ], want) {
				t.Errorf("seed %d: sweep of %s gave %v, want %v (a partial list)", seed, typ, gotListed[typ], want)
			}
		}
		for f, n := range px.Injected() {
			injected[f] += n
		}
		failed += len(got.Failed) + len(swept.Failed)
		found += len(got.Found)
	}
	t.Logf("faults injected: %v; %d reads found, %d reads and listings failed", injected, found, failed)
	if failed == 0 || found == 0 || injected[awslocal.FaultEmpty] == 0 || injected[awslocal.FaultTruncated] == 0 {
		t.Errorf("the faults should fail some reads and leave others: %d found, %d failed, injected %v", found, failed, injected)
	}

	// Secrets Manager denied: its secrets fail, with the actions they
	// need; the other services are read as before.
	px, err := awslocal.NewFaultProxy(awslocal.ProxyOptions{Target: e.URL, Deny: []string{"secretsmanager"}})
	if err != nil {
		t.Fatal(err)
	}
	ps := httptest.NewServer(px)
	t.Cleanup(ps.Close)
	r, err := New(t.Context(), Options{Regions: []string{motoRegion}, Endpoint: ps.URL, MaxBackoff: 5 * time.Millisecond, Types: logsTypes})
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.Get(t.Context(), refs)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range got.Found {
		if f.Type == typeSecret {
			t.Errorf("%v read from a denied service", f.Ref)
		}
	}
	for _, m := range got.Missing {
		if !wantMissing[m] {
			t.Errorf("%v reported missing (a false deletion)", m)
		}
	}
	if len(got.Failed) != 1 || got.Failed[0].Type != typeSecret || len(got.Found) != len(clean.Found)-1 {
		t.Fatalf("denied: %d found, failed %v; want only the secret failed", len(got.Found), got.Failed)
	}
	var ad *AccessDeniedError
	if !errors.As(got.Failed[0].Err, &ad) || !slices.Contains(ad.Actions, "secretsmanager:DescribeSecret") {
		t.Errorf("%v, want an AccessDeniedError naming secretsmanager:DescribeSecret", got.Failed[0].Err)
	}
	swept, err := r.List(t.Context(), r.Types())
	if err != nil {
		t.Fatal(err)
	}
	if len(swept.Failed) != 1 || swept.Failed[0].Type != typeSecret {
		t.Errorf("failed sweeps %v, want only %s's", swept.Failed, typeSecret)
	}
	for _, x := range swept.Resources {
		if x.Type == typeSecret {
			t.Errorf("%v listed from a denied service", x.Ref)
		}
	}
}
