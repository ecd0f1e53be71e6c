package aws

import (
	"net/http/httptest"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/driftfix/driftfix/cloud/awslocal"
)

// A sweep benchmark lists an estate with 20 ms of latency on each call,
// and reports the calls made against the minimum the APIs' pagination
// needs. Targets: under 15 s a sweep, at most 1.2× the minimum calls.
const (
	benchLatency   = 20 * time.Millisecond
	benchMaxTook   = 15 * time.Second
	benchMaxCallsX = 1.2
)

// sweepBench is what one family's sweep benchmark measures.
type sweepBench struct {
	r     *Reader
	types []string
	// pre is how many resources of types were there before the estate was
	// built (moto's defaults); want is how many the estate added.
	pre, want int
	// minimum is the calls the sweep needs at the APIs' page sizes.
	minimum int
	// calls is how many calls reached the endpoint so far; callsBy, if
	// set, names them by API when the calls miss the target.
	calls   func() int
	callsBy func() any
}

// pages is how many pages of size hold n items; an empty list is a page.
func pages(n, size int) int { return max(1, (n+size-1)/size) }

// motoBench starts moto for a benchmark and answers its URL and an SDK
// configuration pointed at it, to build the estate with.
func motoBench(b *testing.B) (string, awssdk.Config) {
	isolate(b)
	url := startMoto(b)
	cfg, err := config.LoadDefaultConfig(b.Context(), config.WithRegion(motoRegion), config.WithBaseEndpoint(url))
	if err != nil {
		b.Fatal(err)
	}
	return url, cfg
}

// motoHas counts the resources of types moto answers before the
// benchmark builds anything (its defaults: a VPC's subnets, groups...).
func motoHas(b *testing.B, url string, types []string) int {
	direct, err := New(b.Context(), Options{Regions: []string{motoRegion}, Endpoint: url, Types: types})
	if err != nil {
		b.Fatal(err)
	}
	return len(list(b, direct, types))
}

// benchMoto sweeps types from moto at url through the fault proxy, which
// adds the latency and counts the calls; no fault is injected.
func benchMoto(b *testing.B, url string, s sweepBench) {
	px, err := awslocal.NewFaultProxy(awslocal.ProxyOptions{Target: url, Latency: benchLatency})
	if err != nil {
		b.Fatal(err)
	}
	ps := httptest.NewServer(px)
	b.Cleanup(ps.Close)
	s.r, err = New(b.Context(), Options{Regions: []string{motoRegion}, Endpoint: ps.URL, Types: s.types})
	if err != nil {
		b.Fatal(err)
	}
	s.calls = px.Calls
	benchSweep(b, s)
}

// benchSweep times the sweeps of s.types, checks each finds the estate,
// and reports calls/op, min-calls/op, calls/min and s/sweep, with an
// error when a sweep misses a target. Building the estate is not timed.
func benchSweep(b *testing.B, s sweepBench) {
	b.ResetTimer()
	for b.Loop() {
		before := s.calls()
		began := time.Now()
		res := list(b, s.r, s.types)
		took := time.Since(began)
		if len(res)-s.pre != s.want {
			byType := map[string]int{}
			for _, x := range res {
				byType[x.Type]++
			}
			b.Fatalf("swept %d new resources, want %d: %v", len(res)-s.pre, s.want, byType)
		}
		calls := s.calls() - before
		ratio := float64(calls) / float64(s.minimum)
		b.ReportMetric(float64(calls), "calls/op")
		b.ReportMetric(float64(s.minimum), "min-calls/op")
		b.ReportMetric(ratio, "calls/min")
		b.ReportMetric(took.Seconds(), "s/sweep")
		if ratio > benchMaxCallsX {
			var by any = "-"
			if s.callsBy != nil {
				by = s.callsBy()
			}
			b.Errorf("%d calls, %.2f× the %d pagination needs (target ≤ %.1f×); calls so far by API: %v", calls, ratio, s.minimum, benchMaxCallsX, by)
		}
		if took > benchMaxTook {
			b.Errorf("sweep took %v, target < %v", took, benchMaxTook)
		}
	}
}
