package priority

import (
	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
)

// Rules are the weights and tag rules a priority is computed from: the
// priority block of driftfix.hcl, defaults applied. The zero value weighs
// nothing; use DefaultRules or NewRules.
type Rules struct {
	w config.Priority
}

// NewRules returns the rules of a priority block (config.Config.Priority).
func NewRules(p config.Priority) Rules { return Rules{w: p} }

// DefaultRules are the rules without a priority block
// (config.DefaultPriority).
func DefaultRules() Rules { return NewRules(config.DefaultPriority()) }

// severityPoints are the base points of a severity.
func (r Rules) severityPoints(s fixers.Severity) int { return r.w.Severity.Of(string(s)) }

// environmentPoints are the points of an environment (0 when not listed).
func (r Rules) environmentPoints(env string) int {
	n, _ := r.w.EnvironmentPoints(env)
	return n
}

// points are the points of a context signal.
func (r Rules) points(s signal) int {
	switch s {
	case internetFacing:
		return r.w.InternetFacing
	case sensitiveData:
		return r.w.SensitiveData
	case criticalService:
		return r.w.CriticalService
	}
	return 0
}

// tagRules are the tag matches of a tag signal.
func (r Rules) tagRules(s signal) []config.TagMatch {
	switch s {
	case sensitiveData:
		return r.w.SensitiveTags
	case criticalService:
		return r.w.CriticalTags
	}
	return nil
}
