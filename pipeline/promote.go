package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"slices"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/store"
)

// PromoteRequest re-promotes a fix class the learning gate demoted.
type PromoteRequest struct {
	Target Target
	Class  string
	// By is who re-promotes it (default $DRIFTFIX_APPROVER, else $USER).
	By string
	// Store and Database as for Run.
	Store    *store.Store
	Database string
}

// Promote is the `promote` use case: a person decides that a class the
// learning gate demoted to review for a project may auto-apply again. The
// learning gate then counts overrides only from now on.
func Promote(ctx context.Context, req PromoteRequest) (*store.Demotion, error) {
	if req.Class == "" {
		return nil, usage("--class: name the fix class to re-promote")
	}
	r, err := Resolve(req.Target)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(r.Table.Classes(), fixers.Class(req.Class)) {
		return nil, usage("--class: %q is not a fix class; known classes: %s", req.Class, classList(r.Table))
	}
	by := req.By
	for _, v := range []string{"DRIFTFIX_APPROVER", "USER"} {
		if by == "" {
			by = os.Getenv(v)
		}
	}
	if by == "" {
		if u, err := user.Current(); err == nil {
			by = u.Username
		}
	}
	st := req.Store
	if st == nil {
		if st, err = OpenStore(ctx, r.Config, r.Env.Root, req.Database); err != nil {
			return nil, err
		}
		defer st.Close()
	}
	d, err := st.Promote(ctx, r.Project.Name, req.Class, by)
	if errors.Is(err, store.ErrNotDemoted) {
		return nil, fmt.Errorf("class %s is not demoted in project %s", req.Class, r.Project.Name)
	}
	if err != nil {
		return nil, err
	}
	return &d, nil
}
