package priority

import (
	"sync"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/fixers"
)

// DriftSeverity is the severity of a drift item, which no rule reports:
// the highest severity among the built-in rules of its fix classes (a
// change's class, or for a deleted or unmanaged resource the class of the
// resource), Medium when no rule has one of them (class unknown, or not
// yet classified). why says where it came from, for the reasons.
func DriftSeverity(d cloud.Drift) (sev fixers.Severity, why string) {
	classes := []string{d.Class}
	if d.Kind == cloud.Changed {
		classes = classes[:0]
		for _, c := range d.Changes {
			classes = append(classes, c.Class)
		}
	}
	bySev := classSeverities()
	for _, c := range classes {
		if s, ok := bySev[fixers.Class(c)]; ok && s.Rank() > sev.Rank() {
			sev, why = s, "drift in class "+c
		}
	}
	if sev == "" {
		sev, why = fixers.Medium, "drift outside every rule's class"
	}
	switch d.Kind {
	case cloud.Deleted:
		why = "deleted resource, " + why
	case cloud.Unmanaged:
		why = "unmanaged resource, " + why
	}
	return sev, why
}

var classSeverities = sync.OnceValue(func() map[fixers.Class]fixers.Severity {
	out := map[fixers.Class]fixers.Severity{}
	for _, r := range fixers.All() {
		if r.Severity.Rank() > out[r.Class].Rank() {
			out[r.Class] = r.Severity
		}
	}
	return out
})
