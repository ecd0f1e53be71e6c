// Package cloud reads the live cloud and compares it with Terraform state and
// code. Inventory is the live side; its AWS implementation lives in
// cloud/aws, a wire-compatible local AWS endpoint for tests and the demo in
// cloud/awslocal, and the drift comparison in this package.
package cloud

import (
	"context"
	"fmt"
)

// Ref names one live resource by its Terraform type and its cloud ID (the
// ID Terraform keeps in state: a bucket name, sg-…, i-…, a DB identifier or
// DBI resource ID, a role name, a KMS key ID).
type Ref struct {
	Type   string `json:"type"`
	ID     string `json:"id"`
	Region string `json:"region,omitempty"`
	// Key is what the reader looks the object up by when its state ID does
	// not name it (see LookupKey): an attachment's role and policy ARN, a
	// rule's group, direction, protocol, ports and sources. Empty means
	// the ID.
	Key string `json:"-"`
}

// Resource is one live resource with its attributes named as the Terraform
// AWS provider names them (bucket, tags, versioning_configuration…), so that
// drift compares directly with state. Values are JSON-shaped: string, bool,
// float64, []any, map[string]any, nil.
type Resource struct {
	Ref
	Attrs map[string]any `json:"attrs"`
}

// Failure is a read that did not give a complete, valid answer: a
// transport error, a timeout, a server error after retries, an empty,
// truncated or unparsable body, or an answer without a field every valid
// answer has. Its resource is unknown: neither found nor missing. For a
// sweep, Ref.ID is empty and Ref names the type and region that could not
// be listed.
type Failure struct {
	Ref
	Err error
}

func (f Failure) Error() string {
	what := f.Type
	if f.ID != "" {
		what += " " + fmt.Sprintf("%q", f.ID)
	}
	if f.Region != "" {
		what += " in " + f.Region
	}
	return what + ": " + f.Err.Error()
}

func (f Failure) Unwrap() error { return f.Err }

// GetResult is what a managed read found. Every ref asked for is in exactly
// one of Found, Missing and Failed.
type GetResult struct {
	// Found are the resources read, each with a complete, validated
	// answer.
	Found []Resource
	// Missing are the resources the service itself answered do not exist
	// (its own not-found error, or a well-formed empty answer to a lookup
	// by ID).
	Missing []Ref
	// Failed are the resources whose read failed: unknown, not missing.
	Failed []Failure
}

// ListResult is what a sweep listed.
type ListResult struct {
	// Resources are the resources of every type and region whose listing
	// completed.
	Resources []Resource
	// Failed are the types and regions whose listing did not complete;
	// none of their resources is in Resources.
	Failed []Failure
}

// Inventory reads live resources.
type Inventory interface {
	// Get reads the given resources by ID (the managed, state-scoped read).
	// Each resource is found, missing or failed (see GetResult); err is for
	// the read as a whole (an unsupported type, a cancelled context).
	Get(ctx context.Context, refs []Ref) (GetResult, error)
	// List sweeps every resource of the given types (the unmanaged sweep),
	// reading only what identifies them (IDs, names, tags).
	List(ctx context.Context, types []string) (ListResult, error)
	// Types lists the resource types the inventory can read.
	Types() []string
}
