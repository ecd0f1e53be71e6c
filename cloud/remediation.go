package cloud

// Remediation is what driftfix does about a drifted resource or attribute.
type Remediation string

const (
	// Revert: plan and apply bring the cloud back to the code, through the
	// gate (driftfix plan / apply).
	Revert Remediation = "revert"
	// Codify: rewrite the code to the live value (exact edits).
	Codify Remediation = "codify"
	// Report: only say so.
	Report Remediation = "report"
	// Import: an unmanaged resource gets generated HCL and an import block,
	// for review only.
	Import Remediation = "import"
)

// ReadError is a resource (or, for the sweep, a type and region) whose live
// read failed: its state is unknown, so it is neither changed nor deleted
// (nor, for the sweep, known to have no unmanaged resources), and nothing
// is codified or reverted for it.
type ReadError struct {
	Type string `json:"type"`
	// ID and Address name the resource; both are empty for a sweep.
	ID      string `json:"id"`
	Address string `json:"address"`
	Region  string `json:"region"`
	Message string `json:"message"`
}
