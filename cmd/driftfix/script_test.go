package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/cloud/awslocal"
	"github.com/driftfix/driftfix/internal/storetest"
	"github.com/driftfix/driftfix/internal/testenv"
	"github.com/rogpeppe/go-internal/testscript"
)

var updateScripts = flag.Bool("update", false, "rewrite the expected output in testdata/script when a cmp fails")

// TestMain makes the test binary double as the driftfix binary: scripts run
// `exec driftfix …` as a real process, through main.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"driftfix": func() { installTestHooks(); main() }})
}

// TestScripts runs every testdata/script/*.txtar: one CLI behaviour each.
//
// Besides testscript's own commands, scripts can use:
//
//	exits CODES PROG [ARGS...]  run PROG and require one of the exit codes
//	                            CODES (comma-separated: 1 or 0,1)
//	mode PERM FILE              require FILE's permission bits to be PERM (octal)
//	waitfor FILE TEXT           wait (at most 2 minutes) until FILE contains TEXT
//	seedstore DSN               write storetest's known run history into the store
//	                            DSN (a SQLite file is created), through the store's API
func TestScripts(t *testing.T) {
	// plan and apply run the real Terraform v1.5.7, found first on PATH: a
	// directory holding only it (the directory it lives in may also hold a
	// driftfix that make build left, which must not stand in for this
	// test binary)
	tfDir := t.TempDir()
	if err := os.Symlink(testenv.Terraform(t), filepath.Join(tfDir, "terraform")); err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			plans, err := filepath.Abs(testenv.PlanFixtures())
			if err != nil {
				return err
			}
			env.Setenv("PLANS", plans)
			env.Setenv("PATH", tfDir+string(os.PathListSeparator)+env.Getenv("PATH"))
			env.Setenv("CHECKPOINT_DISABLE", "1")
			// A script with an awslocal.seed.json gets a local AWS endpoint
			// serving it, and the SDK pointed there.
			seedPath := filepath.Join(env.WorkDir, "awslocal.seed.json")
			if _, err := os.Stat(seedPath); err == nil {
				seed, err := awslocal.LoadSeed(seedPath)
				if err != nil {
					return err
				}
				srv := httptest.NewServer(awslocal.New(seed, awslocal.Options{}))
				env.Defer(srv.Close)
				endpoint := srv.URL
				// awslocal.faults ("RATE FAULT..."), if any, puts a fault
				// proxy in front of it.
				if spec, err := os.ReadFile(filepath.Join(env.WorkDir, "awslocal.faults")); err == nil {
					px, err := faultProxy(srv.URL, string(spec))
					if err != nil {
						return err
					}
					ps := httptest.NewServer(px)
					env.Defer(ps.Close)
					endpoint = ps.URL
				}
				env.Setenv("AWS_ENDPOINT_URL", endpoint)
				env.Setenv("AWS_ACCESS_KEY_ID", "test")
				env.Setenv("AWS_SECRET_ACCESS_KEY", "test")
				env.Setenv("AWS_REGION", "us-east-1")
				env.Setenv("AWS_EC2_METADATA_DISABLED", "true")
			}
			return nil
		},
		UpdateScripts: *updateScripts,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":     cmdExits,
			"mode":      cmdMode,
			"waitfor":   cmdWaitFor,
			"seedstore": cmdSeedStore,
		},
	})
}

// faultProxy reads "RATE FAULT..." (e.g. "1 empty-200 html-200") into a
// fault proxy to target.
func faultProxy(target, spec string) (*awslocal.FaultProxy, error) {
	fields := strings.Fields(spec)
	if len(fields) < 2 {
		return nil, fmt.Errorf("awslocal.faults: want RATE FAULT..., got %q", spec)
	}
	rate, err := strconv.ParseFloat(fields[0], 64)
	if err != nil {
		return nil, fmt.Errorf("awslocal.faults: rate %q: %v", fields[0], err)
	}
	opts := awslocal.ProxyOptions{Target: target, Rate: rate, StallFor: 10 * time.Second}
	for _, f := range fields[1:] {
		if !slices.Contains(awslocal.ProxyFaults(), awslocal.ProxyFault(f)) {
			return nil, fmt.Errorf("awslocal.faults: unknown fault %q (want one of %v)", f, awslocal.ProxyFaults())
		}
		opts.Faults = append(opts.Faults, awslocal.ProxyFault(f))
	}
	return awslocal.NewFaultProxy(opts)
}

func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODES PROG [ARGS...]")
	}
	want := map[int]bool{}
	for _, c := range strings.Split(args[0], ",") {
		n, err := strconv.Atoi(c)
		if err != nil {
			ts.Fatalf("exits: bad code %q", c)
		}
		want[n] = true
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if !want[got] {
		ts.Fatalf("%s exited with %d, want %s", args[1], got, args[0])
	}
}

// cmdWaitFor waits for a background command to reach a point it writes to
// a file (a run log, say).
func cmdWaitFor(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: waitfor FILE TEXT")
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if data, err := os.ReadFile(ts.MkAbs(args[0])); err == nil && strings.Contains(string(data), args[1]) {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("%s: no %q after 2 minutes", args[0], args[1])
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cmdSeedStore writes the run history of internal/storetest (three days
// of two projects, ending 2026-11-04T00:00:00Z) into a store.
func cmdSeedStore(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: seedstore DSN")
	}
	dsn := args[0]
	if !strings.Contains(dsn, "://") {
		dsn = ts.MkAbs(dsn)
	}
	ts.Check(storetest.Seed(context.Background(), dsn))
}

func cmdMode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mode PERM FILE")
	}
	want, err := strconv.ParseUint(args[0], 8, 32)
	if err != nil {
		ts.Fatalf("mode: bad permission %q", args[0])
	}
	st, err := os.Stat(ts.MkAbs(args[1]))
	ts.Check(err)
	if got := st.Mode().Perm(); got != os.FileMode(want) {
		ts.Fatalf("%s has mode %#o, want %#o", args[1], got, want)
	}
}
