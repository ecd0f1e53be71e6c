package priority

import (
	"sort"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/fixers"
)

// RankedFinding is a finding with its priority.
type RankedFinding struct {
	fixers.Finding
	Priority Score `json:"priority"`
}

// RankedDrift is a drift item with its priority.
type RankedDrift struct {
	cloud.Drift
	Priority Score `json:"priority"`
}

// Findings scores findings and returns them ranked (see SortFindings).
func (s *Scorer) Findings(fs []fixers.Finding) []RankedFinding {
	out := make([]RankedFinding, len(fs))
	for i, f := range fs {
		out[i] = RankedFinding{Finding: f, Priority: s.Finding(f)}
	}
	SortFindings(out)
	return out
}

// Drifts scores drift items and returns them ranked (see SortDrift).
func (s *Scorer) Drifts(ds []cloud.Drift) []RankedDrift {
	out := make([]RankedDrift, len(ds))
	for i, d := range ds {
		out[i] = RankedDrift{Drift: d, Priority: s.Drift(d)}
	}
	SortDrift(out)
	return out
}

// SortFindings orders findings by priority (highest first), then severity
// (highest first), then address; findings equal in all three keep their
// order.
func SortFindings(fs []RankedFinding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		return less(a.Priority.Value, b.Priority.Value, a.Severity, b.Severity, a.Address, b.Address)
	})
}

// SortDrift orders drift items by priority (highest first), then severity
// (DriftSeverity, highest first), then address (type and ID for an
// unmanaged resource); items equal in all three keep their order.
func SortDrift(ds []RankedDrift) {
	type item struct {
		d    RankedDrift
		sev  fixers.Severity
		addr string
	}
	items := make([]item, len(ds))
	for i, d := range ds {
		sev, _ := DriftSeverity(d.Drift)
		items[i] = item{d, sev, driftAddress(d.Drift)}
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		return less(a.d.Priority.Value, b.d.Priority.Value, a.sev, b.sev, a.addr, b.addr)
	})
	for i := range items {
		ds[i] = items[i].d
	}
}

func driftAddress(d cloud.Drift) string {
	if d.Address != "" {
		return d.Address
	}
	return d.Type + " " + d.ID
}

func less(pa, pb int, sa, sb fixers.Severity, aa, ab string) bool {
	if pa != pb {
		return pa > pb
	}
	if sa.Rank() != sb.Rank() {
		return sa.Rank() > sb.Rank()
	}
	return aa < ab
}
