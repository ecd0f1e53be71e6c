package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/user"

	"github.com/driftfix/driftfix/pipeline"
	"github.com/spf13/cobra"
)

type applyOptions struct {
	target       target
	approve      bool
	by           string
	reason       string
	allowDestroy bool
	format       string
}

func (a *app) applyCmd() *cobra.Command {
	o := &applyOptions{}
	cmd := &cobra.Command{
		Use:   "apply [-p PROJECT | DIR]",
		Short: "Apply the saved, classified plan, and nothing else",
		Long: `apply applies the plan that driftfix plan saved and classified for the project,
and nothing else. It refuses:

  - a stale plan: the code or the state changed since the plan was made;
  - a plan whose decision is review, unless --approve is given with --reason
    (the approval is recorded with who and why in .driftfix/<project>/approvals.jsonl);
  - any delete, replace or forget, unless --allow-destroy is given too;
  - a plan that, judged again now (terraform show -json of the saved plan
    file, under the project's config and environment from driftfix.hcl),
    does not get the classification and decision its record holds.

After applying it plans again: every address it changed must now show no
change, and the result says verified, or what still changes.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := ""
			if len(args) == 1 {
				dir = args[0]
			}
			return a.apply(cmd, dir, o)
		},
	}
	fl := cmd.Flags()
	o.target.register(fl)
	fl.BoolVar(&o.approve, "approve", false, "apply a plan whose decision is review (needs --reason)")
	fl.StringVar(&o.by, "by", "", "who approves (default $DRIFTFIX_APPROVER, else $USER)")
	fl.StringVar(&o.reason, "reason", "", "why the plan is approved (recorded)")
	fl.BoolVar(&o.allowDestroy, "allow-destroy", false, "with --approve: allow a plan that deletes, replaces or forgets resources")
	fl.StringVar(&o.format, "format", "text", "output format: text, json")
	return cmd
}

// applyJSON is the JSON form of an apply (`driftfix apply --format json`).
type applyJSON struct {
	Project    string             `json:"project"`
	Decision   string             `json:"decision"`
	Applied    bool               `json:"applied"`
	Verified   bool               `json:"verified"`
	Unverified []string           `json:"unverified"`
	Approval   *pipeline.Approval `json:"approval,omitempty"`
}

func (a *app) apply(cmd *cobra.Command, dir string, o *applyOptions) error {
	if o.format != "text" && o.format != "json" {
		return planErr(&usageError{fmt.Errorf("unknown format %q for apply (want json, text)", o.format)})
	}
	if o.approve && o.reason == "" {
		return planErr(&usageError{fmt.Errorf("--approve needs --reason: an approval is recorded with who and why")})
	}
	if o.allowDestroy && !o.approve {
		return planErr(&usageError{fmt.Errorf("--allow-destroy needs --approve")})
	}
	by := o.by
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
	if o.target.env != "" {
		return planErr(&usageError{fmt.Errorf("--env: apply judges the saved plan under the project's own environment from driftfix.hcl; an environment is chosen at plan time only")})
	}
	r, err := a.resolve(&o.target, dir)
	if err != nil {
		return planErr(err)
	}
	intent, _ := pipeline.LoadIntent(r.project.Dir)
	res, err := pipeline.Apply(cmd.Context(), pipeline.ApplyRequest{
		Project: r.project, Table: r.table, Policy: r.policy, Intent: intent,
		Approve: o.approve, By: by, Reason: o.reason, AllowDestroy: o.allowDestroy,
	}, r.env)
	if err != nil {
		return planErr(err)
	}
	if o.format == "json" {
		out := applyJSON{Project: r.project.Name, Decision: res.Record.Decision.Decision, Applied: res.Applied, Verified: res.Verified, Unverified: res.Unverified, Approval: res.Approval}
		if out.Unverified == nil {
			out.Unverified = []string{}
		}
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return planErr(err)
		}
	} else {
		switch {
		case !res.Applied:
			fmt.Fprintf(a.stdout, "%s: the saved plan has no changes; nothing applied\n", r.project.Name)
		default:
			n := len(res.Record.Classification.Changes)
			word := "changes"
			if n == 1 {
				word = "change"
			}
			fmt.Fprintf(a.stdout, "%s: applied the saved plan (%d %s, decision %s)\n", r.project.Name, n, word, res.Record.Decision.Decision)
			if res.Approval != nil {
				fmt.Fprintf(a.stdout, "approved by %s: %s\n", res.Approval.By, res.Approval.Reason)
			}
			if res.Verified {
				fmt.Fprintln(a.stdout, "verified: a fresh plan shows no change at the applied addresses")
			} else {
				fmt.Fprintln(a.stdout, "NOT verified:")
				for _, u := range res.Unverified {
					fmt.Fprintf(a.stdout, "  - %s\n", u)
				}
			}
		}
	}
	if res.Applied && !res.Verified {
		return exitWith(ExitPlanError)
	}
	return nil
}
