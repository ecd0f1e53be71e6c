package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/driftfix/driftfix/pipeline"
	"github.com/driftfix/driftfix/report"
	"github.com/spf13/cobra"
)

type keysOptions struct {
	target         pipeline.Target
	req            pipeline.KeysRequest
	format         string
	requestTimeout time.Duration
}

func (a *app) keysCmd() *cobra.Command {
	o := &keysOptions{}
	cmd := &cobra.Command{
		Use:   "keys [-p PROJECT | DIR]",
		Short: "Look up the AWS access keys hardcoded in the code and, when the policy allows, set them Inactive",
		Long: `keys finds every AWS access key ID hardcoded in the project's Terraform code
(the aws-hardcoded-secret rule: .tf, .tf.json and *.tfvars files; with
--history also every past version in the git history) and looks each up in the
AWS account driftfix runs against (the SDK's default credential chain):

  STS GetAccessKeyInfo     the account the key belongs to
  IAM GetAccessKeyLastUsed its user (who owns it) and when, by which service
                           and in which region it was last used
  IAM ListAccessKeys       whether it is Active, and when it was created

When driftfix.hcl says secrets { deactivate_leaked_keys = true }, an Active key
of the account is set Inactive (IAM UpdateAccessKey, read back to verify) —
never deleted — and the notification webhook is told (event leaked_key). Off by
default: the keys are then only reported, and people are still told. --dry-run
looks the keys up and changes nothing (and tells no one). A key of another
account is reported: deactivate it there.

A key is shown masked (AKIA…WXYZ) with its fingerprint, never whole. driftfix
run does the same in its keys step when the policy allows it.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.keys(cmd, args, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&o.target.Project, "project", "p", "", "the project block of driftfix.hcl (default: the one for DIR)")
	fl.StringVar(&o.target.ConfigFile, "config", "", "driftfix.hcl to read (default: the one in DIR or the nearest parent, up to the repository root)")
	r := &o.req
	fl.BoolVar(&r.History, "history", false, "also look through the git history (every branch and tag) for keys committed and removed since")
	fl.BoolVar(&r.DryRun, "dry-run", false, "look the keys up; change nothing and tell no one")
	fl.StringSliceVar(&r.Cloud.Regions, "region", nil, "the AWS region to call (default: the SDK's configured region)")
	fl.StringVar(&r.Cloud.Profile, "profile", "", "AWS shared-config profile (default: the SDK's chain)")
	fl.StringVar(&r.Cloud.Endpoint, "endpoint", "", "send every AWS call to this endpoint (e.g. driftfix awslocal's address)")
	fl.IntVar(&r.Cloud.MaxAttempts, "max-attempts", 10, "attempts per AWS call, retries on throttling included")
	fl.DurationVar(&o.requestTimeout, "request-timeout", pipeline.DefaultRequestTimeout, "bound on one attempt of one AWS call; it is retried, then fails")
	fl.StringVar(&o.format, "format", "text", "output format: "+strings.Join(report.KeysFormats(), ", "))
	return cmd
}

func (a *app) keys(cmd *cobra.Command, args []string, o *keysOptions) error {
	if err := checkFormat("keys", o.format, report.KeysFormats()); err != nil {
		return err
	}
	if o.requestTimeout <= 0 {
		return planErr(&usageError{fmt.Errorf("--request-timeout must be positive")})
	}
	if o.req.Cloud.MaxAttempts < 1 {
		return planErr(&usageError{fmt.Errorf("--max-attempts must be at least 1")})
	}
	req := o.req
	req.Target = a.target(o.target, args)
	req.Cloud.RequestTimeout = o.requestTimeout
	rep, err := pipeline.Keys(cmd.Context(), req)
	if err != nil {
		return planErr(err)
	}
	if err := report.RenderKeys(a.stdout, o.format, rep); err != nil {
		return planErr(err)
	}
	if n := len(rep.Errors); n > 0 {
		return planErr(fmt.Errorf("%d of the leaked keys could not be looked up or set Inactive (listed above)", n))
	}
	for _, k := range rep.Keys {
		if k.Open() {
			return exitWith(ExitFindings)
		}
	}
	return nil
}
