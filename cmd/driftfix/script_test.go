package main

import (
	"errors"
	"flag"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/cloud/awslocal"
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
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			plans, err := filepath.Abs("testdata/plans")
			if err != nil {
				return err
			}
			env.Setenv("PLANS", plans)
			// plan and apply run the real Terraform v1.5.7, found first on PATH
			env.Setenv("PATH", filepath.Dir(testenv.Terraform(t))+string(os.PathListSeparator)+env.Getenv("PATH"))
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
				env.Setenv("AWS_ENDPOINT_URL", srv.URL)
				env.Setenv("AWS_ACCESS_KEY_ID", "test")
				env.Setenv("AWS_SECRET_ACCESS_KEY", "test")
				env.Setenv("AWS_REGION", "us-east-1")
				env.Setenv("AWS_EC2_METADATA_DISABLED", "true")
			}
			return nil
		},
		UpdateScripts: *updateScripts,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits": cmdExits,
			"mode":  cmdMode,
		},
	})
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
