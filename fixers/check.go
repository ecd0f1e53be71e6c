package fixers

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/driftfix/driftfix/iac"
)

// Warning is a note about the scan that is not a finding, such as an
// ignore comment that has expired.
type Warning struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// Result is the outcome of Check.
type Result struct {
	Findings []Finding
	// Ignored counts findings suppressed by inline ignores.
	Ignored  int
	Warnings []Warning
}

// Check runs every rule over the input, drops findings that an unexpired
// inline ignore covers, and returns the rest sorted by file, line and rule.
func Check(ctx context.Context, fixers []Rule, in *Input, now time.Time) Result {
	var res Result
	warned := map[string]bool{}
	for _, fx := range fixers {
		if ctx.Err() != nil {
			break
		}
		for _, f := range fx.Check(in) {
			ig, ok := ignoreFor(fx.Meta, f, now)
			if ok && !ig.Expired(now) {
				res.Ignored++
				continue
			}
			if ok {
				k := ig.Range.String() + f.Rule
				if !warned[k] {
					warned[k] = true
					res.Warnings = append(res.Warnings, Warning{File: ig.Range.Filename, Line: ig.Range.Start.Line, Column: ig.Range.Start.Column,
						Message: fmt.Sprintf("ignore of %s expired on %s; the finding is reported again", ig.ID, ig.Expiry.Format("2006-01-02"))})
				}
			}
			switch roots := in.SharedBy(f.File); {
			case !f.Fixable:
			case in.Outside(f.File) && !in.EditOutside:
				f.Fixable, f.Fix = false, nil
				f.Reason = "the resource is in a module outside the directory being fixed; fix it there, or run fix with --edit-outside to let driftfix edit it"
			case len(roots) > 1:
				f.Fixable, f.Fix = false, nil
				f.Reason = fmt.Sprintf("the resource is in module directory %s, which the root modules %s share; fix the module by hand", path.Dir(path.Join(in.Root, f.File)), strings.Join(roots, ", "))
			}
			res.Findings = append(res.Findings, f)
		}
	}
	SortFindings(res.Findings)
	sort.SliceStable(res.Warnings, func(i, j int) bool {
		if res.Warnings[i].File != res.Warnings[j].File {
			return res.Warnings[i].File < res.Warnings[j].File
		}
		return res.Warnings[i].Line < res.Warnings[j].Line
	})
	return res
}

// SortFindings sorts by file, line, rule and address.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Address < b.Address
	})
}

// ignoreFor returns the ignore comment that covers finding f of rule m.
func ignoreFor(m Meta, f Finding, now time.Time) (iac.Ignore, bool) {
	if f.file == nil || len(f.file.Ignores) == 0 {
		return iac.Ignore{}, false
	}
	var expired *iac.Ignore
	candidates := []iac.Ignore{}
	for _, l := range f.ignoreLines {
		candidates = append(candidates, f.file.IgnoresFor(l)...)
	}
	// checkov honours a skip comment anywhere inside the resource block
	for _, ig := range f.file.IgnoresWithin(f.block) {
		if ig.Tool == "checkov" {
			candidates = append(candidates, ig)
		}
	}
	for _, ig := range candidates {
		if !matchesRule(m, ig) {
			continue
		}
		if !ig.Expired(now) {
			return ig, true
		}
		igc := ig
		expired = &igc
	}
	if expired != nil {
		return *expired, true
	}
	return iac.Ignore{}, false
}

func matchesRule(m Meta, ig iac.Ignore) bool {
	id := strings.ToLower(ig.ID)
	eq := func(s string) bool {
		s = strings.ToLower(s)
		// trivy also prints AVD IDs without the prefix (AWS-0065)
		return s != "" && (s == id || strings.TrimPrefix(s, "avd-") == id)
	}
	anyAlso := func() bool {
		for _, a := range m.Refs.Also {
			if eq(a) {
				return true
			}
		}
		return false
	}
	switch ig.Tool {
	case "driftfix":
		return eq(m.ID) || id == "*"
	case "trivy", "tfsec":
		return eq(m.Refs.Trivy) || eq(m.Refs.Tfsec) || anyAlso()
	case "checkov":
		return eq(m.Refs.Checkov) || anyAlso()
	}
	return false
}
