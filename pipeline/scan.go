package pipeline

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"runtime"
	"sync"
	"time"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/report"
)

// ScanRequest is the scan use case's input, as the command line gives it.
type ScanRequest struct {
	// Dir is the directory to scan ("" = the working directory).
	Dir    string
	Select Selection
	// Now decides which inline ignores have expired.
	Now time.Time
	// History also looks through the git history for secrets committed and
	// removed since.
	History bool
	Logger  *slog.Logger
}

// ScanResult is a scan, ready to render.
type ScanResult struct {
	Report *report.Scan
	// Dir is the scanned directory as paths in the text output start:
	// relative to the working directory when inside it, else as given.
	Dir string
}

// Scan is the `scan` use case: every root module at and below Dir, with
// the rules the config and the selection choose.
func Scan(ctx context.Context, req ScanRequest) (*ScanResult, error) {
	log := logger(req.Logger)
	w, err := openWorkDir(req.Dir)
	if err != nil {
		return nil, err
	}
	rules, in, err := selectRules(req.Select, w.abs, log)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	s, err := scanTree(ctx, scanJob{FS: w.fsys, Dir: w.fsDir, Rules: rules, Input: in, Now: req.Now, Logger: log})
	if err != nil {
		return nil, err
	}
	if req.History {
		if err := withHistory(ctx, s, w.abs, rules, req.Now, log); err != nil {
			return nil, err
		}
	}
	if len(s.Roots) == 0 {
		log.Warn("no Terraform files found", "dir", w.display)
	}
	log.Info("scanned", "dir", w.display, "roots", len(s.Roots), "rules", len(rules),
		"findings", len(s.Findings), "ignored", s.Ignored, "took", time.Since(start).Round(time.Millisecond))
	return &ScanResult{Report: s, Dir: w.display}, nil
}

// scanJob is what to scan and with which rules.
type scanJob struct {
	// FS and Dir are the directory to scan: a slash path inside FS. FS should
	// reach above Dir, so that local modules in ../ load.
	FS  fs.FS
	Dir string
	// Rules run on every root module, with Input (its Module is set per root).
	Rules []fixers.Rule
	Input fixers.Input
	// Now decides which inline ignores have expired.
	Now time.Time
	// Logger receives what was scanned. Nil discards.
	Logger *slog.Logger
}

// scanTree scans every Terraform root module at and below Dir (see
// iac.RootModules: Dir itself when it holds configuration, and every module
// below it that no other module calls), loading and checking up to
// GOMAXPROCS roots at a time, and merges the results into one report whose
// paths are relative to Dir. A module that several roots call is loaded once
// per root (its values may differ per caller); a finding they share is
// reported once.
//
// When ctx is done, scanTree returns ctx.Err() at once, without waiting for a
// read that hangs (a FIFO, a stalled network file system).
func scanTree(ctx context.Context, req scanJob) (*report.Scan, error) {
	type result struct {
		s   *report.Scan
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := scanRoots(ctx, req)
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		return r.s, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func scanRoots(ctx context.Context, req scanJob) (*report.Scan, error) {
	log := req.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	start := time.Now()
	// finding the roots reads every configuration file below Dir; loading
	// them reads them again, from memory
	fsys := iac.NewCachedFS(req.FS)
	roots, diags := iac.RootModules(ctx, fsys, req.Dir)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		errs, _ := report.Problems(diags)
		return nil, fmt.Errorf("find the root modules in %s: %s", req.Dir, errs[0].Message)
	}
	metas := make([]fixers.Meta, len(req.Rules))
	for i, r := range req.Rules {
		metas[i] = r.Meta
	}

	var shared map[string][]string
	if len(roots) > 1 {
		shared = iac.SharedModules(fsys, req.Dir, roots)
	}
	parts := make([]*report.Scan, len(roots))
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, root := range roots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			if ctx.Err() != nil {
				return
			}
			t := time.Now()
			m := iac.Load(ctx, fsys, path.Join(req.Dir, root))
			in := req.Input
			in.Module = m
			in.Root, in.Shared = root, shared
			res := fixers.Check(ctx, req.Rules, &in, req.Now)
			part := report.NewScan(res, m.Diagnostics, metas)
			part.Roots = []string{"."}
			part.Rebase(root) // paths from the root's directory → from Dir
			parts[i] = part
			log.Debug("scanned root module", "root", root, "files", len(m.Files), "resources", len(m.Resources),
				"findings", len(res.Findings), "took", time.Since(t).Round(time.Millisecond))
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// the discovery's warnings (a directory that could not be read) first
	_, warns := report.Problems(diags)
	s := report.MergeScans(append([]*report.Scan{{Warnings: warns}}, parts...))
	s.Rules = metas
	log.Debug("scanned every root module", "roots", len(roots), "took", time.Since(start).Round(time.Millisecond))
	return s, nil
}
