package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/cloud/aws"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/pipeline"
	"github.com/driftfix/driftfix/report"
	"github.com/spf13/cobra"
)

type driftOptions struct {
	target         target
	regions        []string
	profile        string
	endpoint       string
	types          []string
	tags           []string
	noSweep        bool
	format         string
	codify         bool
	dryRun         bool
	attempts       int
	refresh        bool
	timeout        time.Duration
	requestTimeout time.Duration
}

// Drift's default bounds on reading AWS (settings drift_timeout and
// drift_request_timeout, --timeout and --request-timeout change them).
const (
	defaultDriftTimeout   = 10 * time.Minute
	defaultRequestTimeout = 30 * time.Second
)

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
drift runs against driftfix awslocal.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := ""
			if len(args) == 1 {
				dir = args[0]
			}
			return a.drift(cmd, dir, o)
		},
	}
	fl := cmd.Flags()
	o.target.register(fl)
	fl.StringSliceVar(&o.regions, "region", nil, "AWS regions to read (repeatable; default: the SDK's configured region)")
	fl.StringVar(&o.profile, "profile", "", "AWS shared-config profile (default: the SDK's chain)")
	fl.StringVar(&o.endpoint, "endpoint", "", "send every AWS call to this endpoint (e.g. driftfix awslocal's address)")
	fl.StringSliceVar(&o.types, "type", nil, "only these resource types (repeatable)")
	fl.StringArrayVar(&o.tags, "tag", nil, "only resources with this tag, KEY or KEY=VALUE (repeatable)")
	fl.BoolVar(&o.noSweep, "no-sweep", false, "do not list unmanaged resources")
	fl.StringVar(&o.format, "format", "text", "output format: "+strings.Join(report.DriftFormats(), ", "))
	fl.BoolVar(&o.codify, "codify", false, "write the codify edits (and driftfix_imports.tf for unmanaged resources)")
	fl.BoolVar(&o.dryRun, "dry-run", false, "with --codify: print the diff and write nothing")
	fl.IntVar(&o.attempts, "max-attempts", 10, "attempts per AWS call, retries on throttling included")
	fl.BoolVar(&o.refresh, "refresh", false, "also run terraform plan -refresh-only and merge the drift Terraform sees (needs the providers)")
	fl.DurationVar(&o.timeout, "timeout", defaultDriftTimeout, "give up when reading AWS takes longer than this (settings: drift_timeout)")
	fl.DurationVar(&o.requestTimeout, "request-timeout", defaultRequestTimeout, "bound on one attempt of one AWS call; it is retried, then fails (settings: drift_request_timeout)")
	return cmd
}

func (a *app) drift(cmd *cobra.Command, dir string, o *driftOptions) error {
	ctx := cmd.Context()
	switch o.format {
	case "text", "json", "markdown":
	default:
		return planErr(&usageError{fmt.Errorf("unknown format %q for drift (want %s)", o.format, strings.Join(report.DriftFormats(), ", "))})
	}
	if o.dryRun && !o.codify {
		return planErr(&usageError{fmt.Errorf("--dry-run goes with --codify")})
	}
	if o.timeout <= 0 || o.requestTimeout <= 0 {
		return planErr(&usageError{fmt.Errorf("--timeout and --request-timeout must be positive")})
	}
	if o.attempts < 1 {
		return planErr(&usageError{fmt.Errorf("--max-attempts must be at least 1")})
	}
	var tags []cloud.TagFilter
	for _, t := range o.tags {
		f, err := cloud.ParseTagFilter(t)
		if err != nil {
			return planErr(&usageError{err})
		}
		tags = append(tags, f)
	}
	r, err := a.resolve(&o.target, dir)
	if err != nil {
		return planErr(err)
	}
	remediation, diags := pipeline.RemediationFrom(r.cfg, r.table)
	if diags.HasErrors() {
		return planErr(diagError(diags))
	}
	settings := r.cfg.Settings()
	timeout, requestTimeout := o.timeout, o.requestTimeout
	if !cmd.Flags().Changed("timeout") && settings.DriftTimeout > 0 {
		timeout = settings.DriftTimeout
	}
	if !cmd.Flags().Changed("request-timeout") && settings.DriftRequestTimeout > 0 {
		requestTimeout = settings.DriftRequestTimeout
	}
	inv, err := aws.New(ctx, aws.Options{Regions: o.regions, Profile: o.profile, Endpoint: o.endpoint, MaxAttempts: o.attempts, RequestTimeout: requestTimeout, Logger: a.log})
	if errors.Is(err, aws.ErrNoRegion) {
		return planErr(fmt.Errorf("no AWS region: give --region, or set AWS_REGION or the region of your AWS profile"))
	}
	if err != nil {
		return planErr(err)
	}
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = os.Getenv("AWS_DEFAULT_REGION")
	}
	if len(o.regions) > 0 {
		region = o.regions[0]
	}
	res, err := pipeline.Drift(ctx, pipeline.DriftRequest{
		Project: r.project, Inventory: inv, Table: r.table, Remediation: remediation, Types: o.types, Tags: tags, Sweep: !o.noSweep, Region: region,
		TerraformRefresh: o.refresh, Timeout: timeout,
	}, r.env)
	var te *pipeline.TimeoutError
	if errors.As(err, &te) {
		return planErr(fmt.Errorf("%w; raise --timeout (or settings { drift_timeout }) or narrow the read with --type or --region", err))
	}
	if err != nil {
		return planErr(err)
	}
	rep := &report.Drift{Project: r.project.Name, DryRun: o.dryRun}
	for _, it := range res.Items {
		rep.Items = append(rep.Items, driftEntry(it))
	}
	for _, e := range res.Errors {
		rep.Errors = append(rep.Errors, report.DriftError{Type: e.Type, ID: e.ID, Address: e.Address, Region: e.Region, Message: e.Message})
	}
	if o.codify {
		cr, err := pipeline.CodifyDrift(ctx, r.project, res)
		if err != nil {
			return planErr(err)
		}
		for _, c := range cr.Codified {
			rep.Codified = append(rep.Codified, fmt.Sprintf("%s %s = %s (%s:%d)", c.Address, c.Path, fmt.Sprint(c.Value), c.File, c.Line))
		}
		for _, s := range cr.Skipped {
			name := s.Address
			if s.Path != "" {
				name += " " + s.Path
			}
			rep.Skipped = append(rep.Skipped, fmt.Sprintf("%s: %s", strings.TrimSpace(name), s.Reason))
		}
		if o.dryRun {
			rep.Diff = cr.Changes.Diff()
		} else if len(cr.Changes) > 0 {
			if err := iac.WriteFiles(r.project.Dir, cr.Changes.Files()); err != nil {
				return planErr(err)
			}
			for _, c := range cr.Changes {
				rep.Written = append(rep.Written, c.Path)
			}
		}
	}
	if err := report.RenderDrift(a.stdout, o.format, rep, report.Options{Color: a.color(a.stdout)}); err != nil {
		return planErr(err)
	}
	if res.Incomplete() {
		// An incomplete read cannot say there is no (other) drift.
		n := len(res.Errors)
		what := "reads failed"
		if n == 1 {
			what = "read failed"
		}
		return planErr(fmt.Errorf("%d %s: the drift result is incomplete (the resources are listed under the errors)", n, what))
	}
	if len(res.Items) > 0 {
		return exitWith(ExitPlanChanges)
	}
	return nil
}

func driftEntry(it pipeline.DriftItem) report.DriftEntry {
	e := report.DriftEntry{Kind: string(it.Kind), Type: it.Type, ID: it.ID, Address: it.Address, Region: it.Region}
	if it.Kind != cloud.Changed && len(it.Remediations) > 0 {
		e.Remediation = string(it.Remediations[0])
	}
	for i, c := range it.Changes {
		dc := report.DriftChange{Path: c.Path, Expected: c.Expected, Actual: c.Actual}
		if c.Sensitive {
			dc.Expected, dc.Actual = "(sensitive)", "(sensitive)"
		}
		if i < len(it.Classes) {
			dc.Class = string(it.Classes[i])
			dc.Remediation = string(it.Remediations[i])
		} else {
			dc.Class = string(fixers.ClassUnknown)
		}
		e.Changes = append(e.Changes, dc)
	}
	return e
}
