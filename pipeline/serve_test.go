package pipeline

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/driftfix/driftfix/internal/pgtest"
	"github.com/driftfix/driftfix/schedules"
	"github.com/driftfix/driftfix/store"
)

// Two replicas of driftfix serve share one PostgreSQL store: each scheduled
// tick of a project runs exactly once, every step of the run is in the
// store and on the dashboard, and a stop ends both cleanly.
func TestServeReplicasRunEachTickOnce(t *testing.T) {
	e, _ := inPlace(t)
	cfg := filepath.Join(e.dir, "driftfix.hcl")
	src, _ := os.ReadFile(cfg)
	src = []byte(strings.Replace(string(src), `terraform_version = "1.5.7"`, "terraform_version = \"1.5.7\"\n  schedule          = \"0 * * * *\"", 1) +
		"server {\n  max_jitter = \"0s\"\n}\n")
	if err := os.WriteFile(cfg, src, 0o644); err != nil {
		t.Fatal(err)
	}
	dsn := pgtest.NewDatabase(t)
	start := time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC)
	clock := schedules.NewManualClock(start)

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	logs := testLogger(&syncWriter{w: e.log}) // both replicas log at once
	addrs := make(chan string, 2)
	errs := make(chan error, 2)
	for _, replica := range []string{"replica-a", "replica-b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- Serve(ctx, ServeRequest{ConfigFile: cfg, Database: dsn, Listen: "127.0.0.1:0", Replica: replica,
				Cloud: CloudOptions{Skip: true}, Clock: clock, Ready: func(addr string) { addrs <- addr },
				TerraformOutput: io.Discard, Logger: logs})
		}()
	}
	addr := <-addrs
	<-addrs
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	for i, tick := range []time.Time{start.Add(30 * time.Minute), start.Add(90 * time.Minute)} {
		waitFor(t, "both schedulers armed", func() bool { return clock.Pending() == 2 })
		e.edit(`default = "`+string(rune('a'+i))+`"`, `default = "`+string(rune('b'+i))+`"`)
		clock.Set(tick)
		waitFor(t, "the tick's run", func() bool {
			runs, _ := st.RecentRuns(context.Background(), "app", 10)
			return len(runs) == i+1 && !runs[0].FinishedAt.IsZero()
		})
	}
	runs, err := st.RecentRuns(context.Background(), "app", 10)
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs: %d, %v (want one per tick)", len(runs), err)
	}
	for _, r := range runs {
		if r.Trigger != store.TriggerSchedule || r.Status != store.StatusSucceeded || r.Decision != store.DecisionAutoApply || len(r.Steps) != 15 { // every step, the skipped keys and drift included
			t.Errorf("run %d: %s %s %s, %d steps", r.ID, r.Trigger, r.Status, r.Decision, len(r.Steps))
		}
	}
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"app", "auto-apply", "schedule"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the dashboard does not show %q", want)
		}
	}

	cancel()
	wg.Wait()
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("serve: %v", err)
		}
	}
	// stopped: no replica ran a tick the other had
	if runs, _ := st.RecentRuns(context.Background(), "app", 10); len(runs) != 2 {
		t.Errorf("%d runs after the stop, want 2", len(runs))
	}
}

// waitFor polls cond for up to a minute (runs call the real Terraform).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
