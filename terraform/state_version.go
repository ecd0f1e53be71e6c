package terraform

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// StateVersion identifies one version of a workspace's state: its lineage
// (which state) and serial (which write of it). A plan made against one
// version is stale against any other.
type StateVersion struct {
	Lineage string `json:"lineage"`
	Serial  int64  `json:"serial"`
}

// StateVersion reads the lineage and serial of the current workspace's
// state (terraform state pull, any backend). An empty state has the zero value.
func (r *Runner) StateVersion(ctx context.Context) (StateVersion, error) {
	raw, err := r.PullState(ctx)
	if err != nil {
		return StateVersion{}, err
	}
	if strings.TrimSpace(string(raw)) == "" {
		return StateVersion{}, nil
	}
	var v StateVersion
	if err := json.Unmarshal(raw, &v); err != nil {
		return StateVersion{}, fmt.Errorf("state pull: %w", err)
	}
	return v, nil
}

// PullState returns the current workspace's state file as Terraform keeps
// it (terraform state pull: format version 4, any backend). Reading it needs
// no provider schemas. It holds secrets in clear: never print it.
func (r *Runner) PullState(ctx context.Context) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var raw string
	err := r.quiet(func() (err error) {
		raw, err = r.tf.StatePull(ctx)
		return err
	})
	if err != nil {
		return nil, r.fail("state pull", err)
	}
	return []byte(raw), nil
}
