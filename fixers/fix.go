package fixers

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/secrets"
	"github.com/hashicorp/hcl/v2"
)

// MaxPasses bounds the fix-point loop: fix, re-load, re-check, repeat.
const MaxPasses = 10

// FixResult is the outcome of Fix.
type FixResult struct {
	// Changes are the edited files (nothing is written by Fix).
	Changes iac.ChangeSet
	// Fixed are the findings of the first check that the fixes removed.
	Fixed []Finding
	// Remaining are the findings left after fixing (not fixable, or ignored
	// by the selection).
	Remaining []Finding
	// Before is the check of the unedited files.
	Before Result
	Passes int
	// Original is the module as loaded before any fix; Module is the final,
	// edited module (loaded from memory).
	Original *iac.Module
	Module   *iac.Module
	// Redactor masks the hardcoded secrets of the unedited files, which a
	// diff of the changes would otherwise show (whether or not the
	// secrets rule was selected).
	Redactor *secrets.Redactor
}

// FixOptions select which findings Fix acts on.
type FixOptions struct {
	// Select returns true for the findings to fix; nil fixes every fixable one.
	Select func(Finding) bool
	Now    time.Time
	// StopOnLoadErrors returns at once, with Original and Module set and
	// nothing fixed, when the files do not load cleanly: a file that does
	// not load might hold what a fix would add.
	StopOnLoadErrors bool
}

// Fix runs the bounded fix-point loop over the module in dir: check, apply
// every selected fixable finding's fix, re-load from memory, re-check,
// until nothing more changes. It never writes: the caller writes
// res.Changes. It fails when an edit would not parse, when two fixes keep
// conflicting, or when a rule does not converge within MaxPasses.
func Fix(ctx context.Context, fsys fs.FS, dir string, all []Rule, in Input, opt FixOptions) (*FixResult, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	overlay := iac.Overlay{Base: fsys, Files: map[string][]byte{}, Parsed: map[string]*hcl.File{}}
	original := map[string][]byte{}
	relOf := map[string]string{} // overlay fs path -> path relative to dir
	res := &FixResult{}
	var lastConflict error
	var inputErrs map[string]bool  // the errors of the unedited files
	var owners map[string][]string // the last pass's edits: file -> rules
	for pass := 0; ; pass++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m := iac.Load(ctx, overlay, dir)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if pass == 0 {
			inputErrs = errorKeys(m.Diagnostics)
			if opt.StopOnLoadErrors && len(inputErrs) > 0 {
				res.Original, res.Module = m, m
				return res, nil
			}
		} else if err := newErrors(m.Diagnostics, inputErrs, owners); err != nil {
			// The invariant after every pass: the edited files load as
			// cleanly as the input did — they parse, every block is one
			// Terraform knows, and no address is declared twice.
			return nil, err
		}
		in.Module = m
		chk := Check(ctx, all, &in, opt.Now)
		if pass == 0 {
			res.Before = chk
			res.Original = m
			for p, f := range m.Files {
				original[p] = f.Src
			}
			res.Redactor = secretRedactor(&in)
		}
		res.Module = m
		var todo []Finding
		for _, f := range chk.Findings {
			if f.Fixable && (opt.Select == nil || opt.Select(f)) {
				todo = append(todo, f)
			}
		}
		if len(todo) == 0 {
			res.Remaining = chk.Findings
			break
		}
		if pass >= MaxPasses {
			return nil, fmt.Errorf("fixes did not converge after %d passes; still changing: %s", MaxPasses, describe(todo))
		}
		ed := iac.NewEditor(m)
		lastConflict = nil
		for _, f := range todo {
			err := f.Fix(ed)
			var ce *iac.ConflictError
			switch {
			case err == nil:
			case errors.As(err, &ce):
				lastConflict = err // retried next pass, on the edited files
			default:
				return nil, err
			}
		}
		if pass == 0 {
			// Keep of the input only what the result needs, so that its
			// syntax trees can be collected while the edits are parsed
			// and loaded: a fix of one large file would otherwise hold
			// both at once.
			res.Original = m.Slim()
			for i, f := range res.Before.Findings {
				res.Before.Findings[i] = f.Detached()
			}
		}
		for i, f := range todo {
			todo[i] = f.Detached() // their fixes are recorded
		}
		in.Module, res.Module = nil, nil // the next pass loads the edits
		out, err := ed.Apply()
		if err != nil {
			return nil, err
		}
		owners = ed.Owners()
		for p := range out {
			if in.Outside(p) && !in.EditOutside {
				return nil, fmt.Errorf("%s: the fixes of %s would edit a file outside %s; nothing was written (run fix with --edit-outside to allow it)", p, strings.Join(owners[p], ", "), dir)
			}
		}
		if len(out) == 0 {
			if lastConflict != nil {
				return nil, lastConflict
			}
			return nil, fmt.Errorf("fixes made no progress; still reported: %s", describe(todo))
		}
		parsed := ed.Parsed()
		for p, data := range out {
			fp := path.Join(dir, p)
			overlay.Files[fp] = data
			overlay.Parsed[fp] = parsed[p]
			relOf[fp] = p
		}
		res.Passes = pass + 1
	}
	final := map[string][]byte{}
	for fp, data := range overlay.Files {
		final[relOf[fp]] = data
	}
	res.Changes = iac.NewChangeSet(original, final)
	after := map[string]bool{}
	for _, f := range res.Remaining {
		after[f.Key()] = true
	}
	for _, f := range res.Before.Findings {
		if !after[f.Key()] {
			res.Fixed = append(res.Fixed, f)
		}
	}
	return res, nil
}

// errorKeys identifies error diagnostics by place and summary.
func errorKeys(ds hcl.Diagnostics) map[string]bool {
	out := map[string]bool{}
	for _, d := range ds {
		if d.Severity == hcl.DiagError {
			out[diagKey(d)] = true
		}
	}
	return out
}

func diagKey(d *hcl.Diagnostic) string {
	if d.Subject == nil {
		return d.Summary
	}
	return d.Subject.Filename + ":" + d.Summary
}

// newErrors fails a fix whose edits left errors the input did not have,
// naming the rules whose edits touched the file.
func newErrors(ds hcl.Diagnostics, before map[string]bool, owners map[string][]string) error {
	for _, d := range ds {
		if d.Severity != hcl.DiagError || before[diagKey(d)] {
			continue
		}
		rules := "the fixes"
		if d.Subject != nil && len(owners[d.Subject.Filename]) > 0 {
			rules = "the fixes of " + strings.Join(owners[d.Subject.Filename], ", ")
		}
		where := ""
		if d.Subject != nil {
			where = d.Subject.String() + ": "
		}
		return fmt.Errorf("%s would leave invalid Terraform, so nothing was written: %s%s; %s", rules, where, d.Summary, d.Detail)
	}
	return nil
}

func describe(fs []Finding) string {
	seen := map[string]bool{}
	var parts []string
	for _, f := range fs {
		s := f.Rule + " at " + f.Address
		if !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	sort.Strings(parts)
	if len(parts) > 5 {
		parts = append(parts[:5], fmt.Sprintf("and %d more", len(parts)-5))
	}
	return strings.Join(parts, ", ")
}
