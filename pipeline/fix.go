package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/lock"
	"github.com/driftfix/driftfix/report"
	"github.com/hashicorp/hcl/v2"
)

// FixStateDir is where a fix keeps its lock, its journal and the files it
// stages, relative to the fixed directory.
const FixStateDir = ".driftfix/fix"

// FixLockWait is how long a fix waits for another fix of the same
// directory to finish.
var FixLockWait = 2 * time.Minute

// ErrInterrupted ends a fix that was cancelled (SIGINT, SIGTERM) before its
// write began: nothing was written.
var ErrInterrupted = iac.ErrInterrupted

// InterruptedWriteError ends a fix that was cancelled while it was
// writing: the write is all-or-nothing, so it was finished, but the run was
// not (the intent for the next plan is not recorded).
type InterruptedWriteError struct{ Files []string }

func (e *InterruptedWriteError) Error() string {
	return fmt.Sprintf("interrupted during the write: the write finished (%d %s written: %s), but the run did not; check the result and run fix again",
		len(e.Files), plural(len(e.Files), "file", "files"), strings.Join(e.Files, ", "))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// FixHooks let tests slow a fix down or stop it at a chosen point. The
// driftfix binary never sets them; cmd/driftfix's test binary does, from
// DRIFTFIX_TEST_* environment variables.
var FixHooks struct {
	// AfterCompute runs once the fixes are computed, before the write: a
	// slow fix.
	AfterCompute func()
	// AfterRename runs after the n-th file of the write is renamed into
	// place.
	AfterRename func(n int)
}

// FixRequest is the fix use case's input, as the command line gives it.
type FixRequest struct {
	// Dir is the directory to fix ("" = the working directory).
	Dir    string
	Select Selection
	// DryRun computes the fixes and writes nothing.
	DryRun bool
	// EditOutside allows edits in local modules outside Dir.
	EditOutside bool
	// SecretVars name the variable a hardcoded secret moves to
	// (--secret-var ADDRESS.ATTRIBUTE=NAME).
	SecretVars []string
	Now        time.Time
	Logger     *slog.Logger
}

// FixResult is a fix run, ready to render.
type FixResult struct {
	Report *report.Fix
	// Dir is the fixed directory as paths in the text output start.
	Dir string
}

// Fix is the `fix` use case: every safe fix of the rules the config and the
// selection choose, for every root module at and below Dir (see fixTree for
// the guarantees of the write). A file that does not load is reported in
// Report.Errors, and nothing is written. The paths of a failed write's
// errors (*iac.ChangedError, *iac.ReadOnlyError) are shown as the report
// shows paths.
func Fix(ctx context.Context, req FixRequest) (*FixResult, error) {
	log := logger(req.Logger)
	w, err := openWorkDir(req.Dir)
	if err != nil {
		return nil, err
	}
	rules, in, err := selectRules(req.Select, w.abs, log)
	if err != nil {
		return nil, err
	}
	in.EditOutside = req.EditOutside
	if err := secretVariables(&in, req.SecretVars); err != nil {
		return nil, err
	}
	start := time.Now()
	out, err := fixTree(ctx, fixJob{Dir: w.abs, FS: w.fsys, FSDir: w.fsDir, Rules: rules, Input: in, DryRun: req.DryRun, Now: req.Now, Logger: log})
	if err != nil {
		return nil, displayWriteError(err, w.display)
	}
	if out.Diagnostics.HasErrors() {
		return &FixResult{Report: report.NewFix(nil, out.Diagnostics, req.DryRun), Dir: w.display}, nil
	}
	res := out.Result
	log.Info("fixed", "dir", w.display, "rules", len(rules), "passes", res.Passes, "fixed", len(res.Fixed),
		"files", len(res.Changes), "written", len(out.Written), "remaining", len(res.Remaining), "took", time.Since(start).Round(time.Millisecond))
	for _, f := range out.Written {
		log.Debug("wrote", "file", f)
	}
	f := report.NewFix(res, res.Module.Diagnostics, req.DryRun)
	f.Roots = out.Roots
	return &FixResult{Report: f, Dir: w.display}, nil
}

// displayWriteError names the file of a failed write as the report shows
// paths: under the directory as displayed.
func displayWriteError(err error, display string) error {
	var ce *iac.ChangedError
	var ro *iac.ReadOnlyError
	switch {
	case errors.As(err, &ce):
		ce.Path = path.Join(display, ce.Path)
	case errors.As(err, &ro):
		ro.Path = path.Join(display, ro.Path)
	}
	return err
}

// fixJob is one fix run of a directory tree.
type fixJob struct {
	// Dir is the absolute directory to fix. FS and FSDir are how the loader
	// reaches it (an fs.FS rooted above it, so that ../ modules load).
	Dir   string
	FS    fs.FS
	FSDir string
	Rules []fixers.Rule
	Input fixers.Input
	// DryRun computes the fixes and writes nothing: no lock, no journal.
	DryRun bool
	Now    time.Time
	Logger *slog.Logger
}

// fixOutcome is what a fix run did.
type fixOutcome struct {
	// Result is the fix; with load errors it has no fixes and Diagnostics
	// says why.
	Result *fixers.FixResult
	// Diagnostics are the load problems of the unedited files.
	Diagnostics hcl.Diagnostics
	// Written lists the files written (empty for a dry run).
	Written []string
	// Recovered says what became of a fix an earlier process left
	// half-done ("" when there was none).
	Recovered string
	// Roots are the root modules fixed, relative to Dir ("." for Dir).
	Roots []string
}

// fixTree fixes every root module at and below req.Dir. Under the directory's fix lock it completes
// or rolls back a fix that a dead process left half-done, loads the code,
// computes the fixes (re-checking until nothing changes), and writes every
// changed file all-or-nothing — only if every file it read still has the
// bytes it read, and none to replace is read-only. Then it records the
// fixes' intent for the next plan.
//
// Cancelling ctx (SIGINT, SIGTERM) stops it at once while it computes —
// the computation is abandoned, nothing is written, and the error is
// ErrInterrupted. Once the write has begun it is finished, and the error
// is *InterruptedWriteError. A run that reports success was not
// interrupted.
func fixTree(ctx context.Context, req fixJob) (*fixOutcome, error) {
	log := req.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	stateDir := filepath.Join(req.Dir, filepath.FromSlash(FixStateDir))
	out := &fixOutcome{}
	if req.DryRun {
		if _, err := os.Stat(filepath.Join(stateDir, iac.JournalFile)); err == nil {
			return nil, fmt.Errorf("an interrupted fix left %s: run driftfix fix (without --dry-run) to complete or roll it back first", filepath.Join(FixStateDir, iac.JournalFile))
		}
	} else {
		if err := os.MkdirAll(stateDir, 0o700); err != nil {
			return nil, err
		}
		release, err := lock.Acquire(ctx, stateDir, "driftfix fix", FixLockWait)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ErrInterrupted
			}
			return nil, err
		}
		defer release()
		rec, err := iac.Recover(req.Dir, stateDir)
		if err != nil {
			return nil, err
		}
		if rec.Action != "" {
			out.Recovered = rec.String()
			log.Warn(out.Recovered)
		}
	}

	roots, err := fixRoots(ctx, req)
	if err != nil {
		return nil, err
	}
	res, read, parts, err := computeRoots(ctx, req, roots)
	if err != nil {
		return nil, err
	}
	out.Result = res
	out.Roots = roots
	if res.Original.Diagnostics.HasErrors() {
		// A file that does not load may hold what a fix would add (a
		// companion, a tag): fixing around it could duplicate it.
		out.Diagnostics = res.Original.Diagnostics
		return out, nil
	}
	if req.DryRun || len(res.Changes) == 0 {
		return out, nil
	}

	c := iac.Commit{Root: req.Dir, StateDir: stateDir, Read: read, Write: res.Changes.Files(), AfterRename: FixHooks.AfterRename}
	if err := c.Run(ctx); err != nil {
		return nil, err
	}
	for _, ch := range res.Changes {
		out.Written = append(out.Written, ch.Path)
	}
	sort.Strings(out.Written)
	if ctx.Err() != nil {
		return out, &InterruptedWriteError{Files: out.Written}
	}
	// What the fixes meant to change, for the plan that follows: a plan may
	// auto-apply only that (see driftfix plan). Each root module records
	// its own, as a fix of that directory would.
	for _, pr := range parts {
		if len(pr.changes) == 0 && len(roots) > 1 {
			continue
		}
		if err := saveIntent(filepath.Join(req.Dir, filepath.FromSlash(pr.root)), pr.changes, pr.intent); err != nil {
			log.Warn("could not record the fixes' intent", "root", pr.root, "err", err)
		}
	}
	return out, nil
}

// compute runs the fix-point loop in the background, so that a cancelled
// ctx returns at once even when a step does not look at it (parsing one
// large file): the loop only computes in memory, so abandoning it is safe.
func compute(ctx context.Context, req fixJob) (*fixers.FixResult, error) {
	type result struct {
		res *fixers.FixResult
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := fixers.Fix(ctx, req.FS, req.FSDir, req.Rules, req.Input, fixers.FixOptions{Now: req.Now, StopOnLoadErrors: true})
		if err == nil && FixHooks.AfterCompute != nil {
			FixHooks.AfterCompute()
		}
		done <- result{res, err}
	}()
	select {
	case <-ctx.Done():
		return nil, ErrInterrupted
	case r := <-done:
		if ctx.Err() != nil || errors.Is(r.err, context.Canceled) {
			return nil, ErrInterrupted
		}
		return r.res, r.err
	}
}
