package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/driftfix/driftfix/pipeline"
	"github.com/driftfix/driftfix/report"
	"github.com/spf13/cobra"
)

type driftOptions struct {
	target         pipeline.Target
	req            pipeline.DriftRequest
	format         string
	printPolicy    bool
	timeout        time.Duration
	requestTimeout time.Duration
}

func (a *app) driftCmd() *cobra.Command {
	o := &driftOptions{}
	cmd := &cobra.Command{
		Use:   "drift [-p PROJECT | DIR]",
		Short: "Compare the live AWS account with Terraform state: changed, deleted and unmanaged resources",
		Long: `drift reads the project's state (terraform state pull: any backend, no provider
download; it needs a Terraform binary), reads the live resources it names from
AWS with the SDK's default credential chain, lists the resources of the same
types that no state manages, and reports:

  changed    attributes that differ (values equal after the provider's
             normalisation — policy JSON, tag order, CIDR forms — are not drift)
  deleted    in state, gone from the cloud
  unmanaged  in the cloud, in no state

Each change gets its fix class and a remediation: codify (tags added in the
console: rewrite the code to the live value), revert (driftfix plan/apply brings
the cloud back to the code, through the gate), or import (unmanaged: generated
HCL and import blocks in driftfix_imports.tf, for review — never applied).
.driftfixignore in the project's directory lists type.id and
type.id.attribute patterns to ignore (wildcards, ! to re-include).

--codify writes the codify edits (and driftfix_imports.tf) with exact edits;
with --dry-run it prints the diff instead.

A read that fails (a timeout, a server error after retries, an empty,
truncated or unparsable answer) is an error for that resource: it is listed
under the errors, never reported as changed or deleted, and nothing is
codified for it. A resource is deleted only when AWS itself answers that it
does not exist. Each attempt of an AWS call is bounded by --request-timeout,
the whole read by --timeout.

Endpoints: AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> are honoured, so
drift runs against driftfix awslocal.

--print-iam-policy prints the read-only IAM policy the enabled types need
(--type, else settings { drift_types }, else every supported type), so that
the runner can be given exactly that; it reads nothing.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.drift(cmd, args, o)
		},
	}
	fl := cmd.Flags()
	registerTarget(fl, &o.target)
	r := &o.req
	fl.StringSliceVar(&r.Regions, "region", nil, "AWS regions to read (repeatable; default: the SDK's configured region)")
	fl.StringVar(&r.Profile, "profile", "", "AWS shared-config profile (default: the SDK's chain)")
	fl.StringVar(&r.Endpoint, "endpoint", "", "send every AWS call to this endpoint (e.g. driftfix awslocal's address)")
	fl.StringSliceVar(&r.Types, "type", nil, "only these resource types (repeatable)")
	fl.StringArrayVar(&r.Tags, "tag", nil, "only resources with this tag, KEY or KEY=VALUE (repeatable)")
	fl.BoolVar(&r.NoSweep, "no-sweep", false, "do not list unmanaged resources")
	fl.StringVar(&o.format, "format", "text", "output format: "+strings.Join(report.DriftFormats(), ", "))
	fl.BoolVar(&r.Codify, "codify", false, "write the codify edits (and driftfix_imports.tf for unmanaged resources)")
	fl.BoolVar(&r.DryRun, "dry-run", false, "with --codify: print the diff and write nothing")
	fl.IntVar(&r.MaxAttempts, "max-attempts", 10, "attempts per AWS call, retries on throttling included")
	fl.BoolVar(&r.Refresh, "refresh", false, "also run terraform plan -refresh-only and merge the drift Terraform sees (needs the providers)")
	fl.BoolVar(&o.printPolicy, "print-iam-policy", false, "print the read-only IAM policy drift needs for the types it reads (--type, else settings { drift_types }, else all) and exit")
	fl.DurationVar(&o.timeout, "timeout", pipeline.DefaultDriftTimeout, "give up when reading AWS takes longer than this (settings: drift_timeout)")
	fl.DurationVar(&o.requestTimeout, "request-timeout", pipeline.DefaultRequestTimeout, "bound on one attempt of one AWS call; it is retried, then fails (settings: drift_request_timeout)")
	return cmd
}

func (a *app) drift(cmd *cobra.Command, args []string, o *driftOptions) error {
	if err := checkFormat("drift", o.format, report.DriftFormats()); err != nil {
		return err
	}
	fl := cmd.Flags()
	if o.timeout <= 0 || o.requestTimeout <= 0 {
		return planErr(&usageError{fmt.Errorf("--timeout and --request-timeout must be positive")})
	}
	if o.req.MaxAttempts < 1 {
		return planErr(&usageError{fmt.Errorf("--max-attempts must be at least 1")})
	}
	req := o.req
	req.Target = a.target(o.target, args)
	if o.printPolicy {
		doc, err := pipeline.DriftIAMPolicy(req.Target, req.Types)
		if err != nil {
			return planErr(err)
		}
		_, err = fmt.Fprint(a.stdout, doc)
		return err
	}
	// a flag given wins over the config's settings, which win over the defaults
	if fl.Changed("timeout") {
		req.Timeout = o.timeout
	}
	if fl.Changed("request-timeout") {
		req.RequestTimeout = o.requestTimeout
	}
	rep, err := pipeline.Drift(cmd.Context(), req)
	if err != nil {
		return planErr(err)
	}
	if err := report.RenderDrift(a.stdout, o.format, rep, report.Options{Color: a.color(a.stdout)}); err != nil {
		return planErr(err)
	}
	if n := len(rep.Errors); n > 0 {
		// An incomplete read cannot say there is no (other) drift.
		what := "reads failed"
		if n == 1 {
			what = "read failed"
		}
		return planErr(fmt.Errorf("%d %s: the drift result is incomplete (the resources are listed under the errors)", n, what))
	}
	if len(rep.Items) > 0 {
		return exitWith(ExitPlanChanges)
	}
	return nil
}
