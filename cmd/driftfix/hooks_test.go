package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/driftfix/driftfix/pipeline"
)

// installTestHooks lets scripts and tests slow down or kill the driftfix
// process at chosen points of a fix. It is compiled into the test binary
// only; the driftfix binary has no such knobs.
//
//	DRIFTFIX_TEST_PAUSE_AFTER_COMPUTE=DURATION   sleep once the fixes are computed
//	DRIFTFIX_TEST_PAUSE_AFTER_RENAMES=N:DURATION sleep after the N-th rename of the write
//	DRIFTFIX_TEST_EXIT_AFTER_RENAMES=N           exit 3 after the N-th rename, as a killed process
//	DRIFTFIX_TEST_NOW=RFC3339                    report's "now" (its window ends there)
//
// Before each pause it prints a line starting "driftfix-test: paused" to
// stderr, so that a test knows when to act.
func installTestHooks() {
	if v := os.Getenv("DRIFTFIX_TEST_NOW"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			panic("bad DRIFTFIX_TEST_NOW " + v)
		}
		now = func() time.Time { return t }
	}
	if d := os.Getenv("DRIFTFIX_TEST_PAUSE_AFTER_COMPUTE"); d != "" {
		pause := mustDuration(d)
		pipeline.FixHooks.AfterCompute = func() {
			fmt.Fprintln(os.Stderr, "driftfix-test: paused after computing the fixes")
			time.Sleep(pause)
		}
	}
	exitAfter, _ := strconv.Atoi(os.Getenv("DRIFTFIX_TEST_EXIT_AFTER_RENAMES"))
	pauseAt, pause := 0, time.Duration(0)
	if v := os.Getenv("DRIFTFIX_TEST_PAUSE_AFTER_RENAMES"); v != "" {
		n, d, _ := strings.Cut(v, ":")
		pauseAt, _ = strconv.Atoi(n)
		pause = mustDuration(d)
	}
	if exitAfter > 0 || pauseAt > 0 {
		pipeline.FixHooks.AfterRename = func(n int) {
			if n == pauseAt {
				fmt.Fprintf(os.Stderr, "driftfix-test: paused after rename %d\n", n)
				time.Sleep(pause)
			}
			if n == exitAfter {
				os.Exit(3)
			}
		}
	}
}

func mustDuration(s string) time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		panic("bad test hook duration " + s)
	}
	return d
}
