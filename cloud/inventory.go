// Package cloud reads the live cloud and compares it with Terraform state and
// code. Inventory is the live side; its AWS implementation lives in
// cloud/aws, a wire-compatible local AWS endpoint for tests and the demo in
// cloud/awslocal, and the drift comparison in this package.
package cloud

import "context"

// Ref names one live resource by its Terraform type and its cloud ID (the
// ID Terraform keeps in state: a bucket name, sg-…, i-…, a DB identifier, a
// role name, a KMS key ID).
type Ref struct {
	Type   string `json:"type"`
	ID     string `json:"id"`
	Region string `json:"region,omitempty"`
}

// Resource is one live resource with its attributes named as the Terraform
// AWS provider names them (bucket, tags, versioning_configuration…), so that
// drift compares directly with state. Values are JSON-shaped: string, bool,
// float64, []any, map[string]any, nil.
type Resource struct {
	Ref
	Attrs map[string]any `json:"attrs"`
}

// Inventory reads live resources.
type Inventory interface {
	// Get reads the given resources by ID (the managed, state-scoped read).
	// Resources that do not exist are returned in missing, not as errors.
	Get(ctx context.Context, refs []Ref) (found []Resource, missing []Ref, err error)
	// List sweeps every resource of the given types (the unmanaged sweep),
	// reading only what identifies them (IDs, names, tags).
	List(ctx context.Context, types []string) ([]Resource, error)
	// Types lists the resource types the inventory can read.
	Types() []string
}
