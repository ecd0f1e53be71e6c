package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path"
	"runtime"
	"slices"
	"sync"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/policy"
	"github.com/driftfix/driftfix/secrets"
	"github.com/hashicorp/hcl/v2"
)

// fixRoots returns the root modules a fix of req.Dir covers, as scan does:
// Dir itself when it holds configuration, and every module below it that
// no other module calls (iac.RootModules).
func fixRoots(ctx context.Context, req fixJob) ([]string, error) {
	roots, diags := iac.RootModules(ctx, req.FS, req.FSDir)
	if err := ctx.Err(); err != nil {
		return nil, ErrInterrupted
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("find the root modules in %s: %s", req.Dir, diags.Error())
	}
	if len(roots) == 0 {
		roots = []string{"."} // no configuration: an empty fix, as before
	}
	return roots, nil
}

// rootFix is one root module's part of a fix: what it changes and, when
// the fix is written, the intent it records. Not the root's result, whose
// syntax trees and modules would all be kept until the last root is done
// (most of fix --dry-run's memory on an estate of many roots).
type rootFix struct {
	root    string
	changes iac.ChangeSet
	intent  policy.Intent
}

// computeRoots computes the fixes of every root module and joins them into
// one result whose paths are relative to req.Dir. A module several roots
// call is not fixed at all (fixers.Input.Shared), so the roots' fixes touch
// disjoint files and are computed side by side, a few at a time (one per
// core). Should a root's fix change a file that another root reads after
// all, the roots are computed again one after the other, each loading the
// files as the roots before it left them. It returns the result, the bytes
// of every file read as they were on disk (for the write's check), and each
// root's own part (for the intent each root records).
func computeRoots(ctx context.Context, req fixJob, roots []string) (*fixers.FixResult, map[string][]byte, []rootFix, error) {
	if len(roots) == 1 && roots[0] == "." {
		res, err := compute(ctx, req)
		if err != nil {
			return nil, nil, nil, err
		}
		read := make(map[string][]byte, len(res.Original.Files))
		for p, f := range res.Original.Files {
			read[p] = f.Src
		}
		return res, read, []rootFix{{".", res.Changes, intentOf(req, res)}}, nil
	}
	shared := iac.SharedModules(req.FS, req.FSDir, roots)
	j := &rootsJoin{req: req, shared: shared, side: runtime.GOMAXPROCS(0)}
	all, read, parts, err := j.run(ctx, roots)
	if errors.Is(err, errRootsOverlap) {
		j = &rootsJoin{req: req, shared: shared, side: 1}
		all, read, parts, err = j.run(ctx, roots)
	}
	return all, read, parts, err
}

// errRootsOverlap: one root's fix changes a file another root reads.
var errRootsOverlap = errors.New("the fixes of two root modules reach one file")

// rootsJoin computes the roots' fixes, side at a time, and joins them.
type rootsJoin struct {
	req    fixJob
	shared map[string][]string
	side   int
}

func (j *rootsJoin) run(ctx context.Context, roots []string) (*fixers.FixResult, map[string][]byte, []rootFix, error) {
	req := j.req
	// One at a time, each root sees the edits of the roots before it.
	var overlay *iac.Overlay
	if j.side == 1 {
		overlay = &iac.Overlay{Base: req.FS, Files: map[string][]byte{}, Parsed: map[string]*hcl.File{}}
	}
	read := map[string][]byte{}     // relative to Dir: the bytes on disk
	final := map[string][]byte{}    // relative to Dir: the bytes to write
	readBy := map[string][]string{} // the roots that read each file
	changedBy := map[string]string{}
	all := &fixers.FixResult{Original: &iac.Module{Dir: req.FSDir, Files: map[string]*iac.File{}}, Module: &iac.Module{Dir: req.FSDir}, Redactor: &secrets.Redactor{}}
	var parts []rootFix
	seen := map[string]bool{} // remaining findings, once each
	for start := 0; start < len(roots); start += j.side {
		batch := roots[start:min(start+j.side, len(roots))]
		results := make([]*fixers.FixResult, len(batch))
		errs := make([]error, len(batch))
		var wg sync.WaitGroup
		for i, root := range batch {
			r := req
			if overlay != nil {
				r.FS = *overlay
			}
			r.FSDir = path.Join(req.FSDir, root)
			r.Input.Root = root
			r.Input.Shared = j.shared
			wg.Go(func() { results[i], errs[i] = compute(ctx, r) })
		}
		wg.Wait()
		for i, root := range batch {
			if errs[i] != nil {
				return nil, nil, nil, fmt.Errorf("root module %s: %w", root, errs[i])
			}
		}
		for i, root := range batch {
			res := results[i]
			results[i] = nil // a root's trees go once it is joined
			parts = append(parts, rootFix{root, res.Changes, intentOf(req, res)})
			all.Redactor.Merge(res.Redactor)
			for p, f := range res.Original.Files {
				rel := path.Join(root, p)
				if by, ok := changedBy[rel]; ok && by != root && overlay == nil {
					return nil, nil, nil, errRootsOverlap
				}
				readBy[rel] = append(readBy[rel], root)
				if _, ok := read[rel]; !ok {
					read[rel] = f.Src
					all.Original.Files[rel] = &iac.File{Path: rel, Src: f.Src, JSON: f.JSON, VarFile: f.VarFile}
				}
			}
			all.Original.Diagnostics = append(all.Original.Diagnostics, rebaseDiags(root, res.Original.Diagnostics)...)
			if res.Module != nil {
				all.Module.Diagnostics = append(all.Module.Diagnostics, rebaseDiags(root, res.Module.Diagnostics)...)
			}
			for _, c := range res.Changes {
				rel := path.Join(root, c.Path)
				if slices.ContainsFunc(readBy[rel], func(by string) bool { return by != root }) && overlay == nil {
					return nil, nil, nil, errRootsOverlap
				}
				changedBy[rel] = root
				final[rel] = c.After
				if overlay != nil {
					overlay.Files[path.Join(req.FSDir, rel)] = c.After
				}
			}
			all.Fixed = append(all.Fixed, rebaseFindings(root, res.Fixed)...)
			for _, f := range rebaseFindings(root, res.Remaining) {
				if k := f.File + "|" + fmt.Sprint(f.Line) + "|" + f.Rule + "|" + f.Message; !seen[k] {
					seen[k] = true
					all.Remaining = append(all.Remaining, f)
				}
			}
			all.Before.Findings = append(all.Before.Findings, rebaseFindings(root, res.Before.Findings)...)
			all.Before.Ignored += res.Before.Ignored
			for _, w := range res.Before.Warnings {
				w.File = path.Join(root, w.File)
				all.Before.Warnings = append(all.Before.Warnings, w)
			}
			all.Passes = max(all.Passes, res.Passes)
		}
	}
	before := make(map[string][]byte, len(final))
	for p := range final {
		before[p] = read[p]
	}
	all.Changes = iac.NewChangeSet(before, final)
	return all, read, parts, nil
}

// intentOf is the intent a root's fix records: none for a dry run, which
// records nothing.
func intentOf(req fixJob, res *fixers.FixResult) policy.Intent {
	if req.DryRun {
		return nil
	}
	return IntentOf(res, req.Rules)
}

// rebaseFindings returns copies of fs with their file paths relative to
// the directory that holds root.
func rebaseFindings(root string, fs []fixers.Finding) []fixers.Finding {
	out := make([]fixers.Finding, len(fs))
	for i, f := range fs {
		f = f.Detached()
		f.File = path.Join(root, f.File)
		out[i] = f
	}
	return out
}

// rebaseDiags returns copies of ds whose file names are relative to the
// directory that holds root.
func rebaseDiags(root string, ds hcl.Diagnostics) hcl.Diagnostics {
	out := make(hcl.Diagnostics, len(ds))
	for i, d := range ds {
		c := *d
		if c.Subject != nil {
			s := *c.Subject
			s.Filename = path.Join(root, s.Filename)
			c.Subject = &s
		}
		if c.Context != nil {
			s := *c.Context
			s.Filename = path.Join(root, s.Filename)
			c.Context = &s
		}
		out[i] = &c
	}
	return out
}
