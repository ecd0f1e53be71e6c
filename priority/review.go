package priority

import (
	"fmt"

	"github.com/driftfix/driftfix/config"
)

// ReviewAbove returns the highest of scores above a policy's
// review_above_priority, and whether there is one: a change that fixes
// such a finding or drift item needs review, whatever its class. An unset
// threshold never requires review.
func ReviewAbove(t config.Threshold, scores []Score) (Score, bool) {
	var top Score
	found := false
	for _, s := range scores {
		if t.Above(s.Value) && (!found || s.Value > top.Value) {
			top, found = s, true
		}
	}
	return top, found
}

// ReviewReason says why a score requires review under threshold t:
// "priority 85 is above review_above_priority 70 (severity critical; …)".
func ReviewReason(t config.Threshold, s Score) string {
	return fmt.Sprintf("priority %s is above review_above_priority %d", s, t.Priority)
}
