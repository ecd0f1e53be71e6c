package policy

import "time"

// Approval records who approved applying a plan that needed review, and
// why (a line of .driftfix/<project>/approvals.jsonl).
type Approval struct {
	Project    string    `json:"project"`
	PlanSHA256 string    `json:"plan_sha256"`
	By         string    `json:"by"`
	Reason     string    `json:"reason"`
	At         time.Time `json:"at"`
	Decision   string    `json:"decision"`
	Reasons    []string  `json:"reasons"`
	Destroy    bool      `json:"destroy"`
}
