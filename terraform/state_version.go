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
	r.mu.Lock()
	defer r.mu.Unlock()
	var raw string
	err := r.quiet(func() (err error) {
		raw, err = r.tf.StatePull(ctx)
		return err
	})
	if err != nil {
		return StateVersion{}, r.fail("state pull", err)
	}
	if strings.TrimSpace(raw) == "" {
		return StateVersion{}, nil
	}
	var v StateVersion
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return StateVersion{}, fmt.Errorf("state pull: %w", err)
	}
	return v, nil
}
