package main

import (
	"fmt"

	"github.com/driftfix/driftfix/pipeline"
	"github.com/spf13/cobra"
)

type promoteOptions struct {
	target pipeline.Target
	req    pipeline.PromoteRequest
}

func (a *app) promoteCmd() *cobra.Command {
	o := &promoteOptions{}
	cmd := &cobra.Command{
		Use:   "promote [-p PROJECT | DIR] --class CLASS",
		Short: "Let a fix class the learning gate demoted auto-apply again in a project",
		Long: `When people undo a class's automatic fixes in a project too often (they
revert the fix in git, or the cloud drifts back to the old value), the learning
gate of driftfix run demotes that class to review for the project: its changes
need a person until someone re-promotes it with this command. The promotion is
recorded with who made it, and the gate counts undone fixes only from then on.
The thresholds are driftfix.hcl's learning { override_rate, window, min_fixes }.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			req := o.req
			req.Target = a.target(o.target, args)
			d, err := pipeline.Promote(cmd.Context(), req)
			if err != nil {
				return planErr(err)
			}
			fmt.Fprintf(a.stdout, "%s: class %s may auto-apply again (demoted %s: %s; promoted by %s)\n",
				d.Project, d.Class, d.DemotedAt.Format("2006-01-02"), d.Reason, d.PromotedBy)
			return nil
		},
	}
	fl := cmd.Flags()
	registerTarget(fl, &o.target)
	fl.StringVar(&o.req.Class, "class", "", "the fix class to re-promote")
	fl.StringVar(&o.req.By, "by", "", "who re-promotes it (default $DRIFTFIX_APPROVER, else $USER)")
	fl.StringVar(&o.req.Database, "db", "", "the run history (as for driftfix run)")
	return cmd
}
