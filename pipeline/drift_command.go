package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/cloud/aws"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/report"
)

// Drift's default bounds on reading AWS (settings drift_timeout and
// drift_request_timeout change them, and DriftRequest overrides both).
const (
	DefaultDriftTimeout   = 10 * time.Minute
	DefaultRequestTimeout = 30 * time.Second
)

// DriftRequest is the drift use case's input, as the command line gives it.
type DriftRequest struct {
	Target Target
	// Regions, Profile and Endpoint choose where AWS is read (defaults: the
	// SDK's chain; AWS_ENDPOINT_URL is honoured).
	Regions  []string
	Profile  string
	Endpoint string
	// Types limits the check to these resource types; Tags to resources
	// with these tags (KEY or KEY=VALUE).
	Types []string
	Tags  []string
	// NoSweep skips listing unmanaged resources.
	NoSweep bool
	// Codify writes the codify edits and driftfix_imports.tf; with DryRun
	// it only shows the diff.
	Codify bool
	DryRun bool
	// MaxAttempts per AWS call (zero or less: 10).
	MaxAttempts int
	// Refresh also merges terraform plan -refresh-only's drift.
	Refresh bool
	// Timeout bounds the whole read and RequestTimeout one attempt of one
	// call; zero (or less) takes the config's settings, else the defaults.
	Timeout        time.Duration
	RequestTimeout time.Duration
}

// Drift is the `drift` use case: it resolves the project, reads its state
// and the live resources, classifies every drift, and with Codify writes
// (or, with DryRun, shows) the codify edits and the import blocks. The
// report lists the failed reads under Errors: a report with errors is
// incomplete.
func Drift(ctx context.Context, req DriftRequest) (*report.Drift, error) {
	if req.DryRun && !req.Codify {
		return nil, usage("--dry-run goes with --codify")
	}
	if req.MaxAttempts <= 0 {
		req.MaxAttempts = 10
	}
	var tags []cloud.TagFilter
	for _, t := range req.Tags {
		f, err := cloud.ParseTagFilter(t)
		if err != nil {
			return nil, &UsageError{err}
		}
		tags = append(tags, f)
	}
	r, err := Resolve(req.Target)
	if err != nil {
		return nil, err
	}
	remediation, diags := RemediationFrom(r.Config, r.Table)
	if diags.HasErrors() {
		return nil, DiagnosticsError(diags)
	}
	settings := r.Config.Settings()
	timeout := firstPositive(req.Timeout, settings.DriftTimeout, DefaultDriftTimeout)
	requestTimeout := firstPositive(req.RequestTimeout, settings.DriftRequestTimeout, DefaultRequestTimeout)
	inv, err := aws.New(ctx, aws.Options{Regions: req.Regions, Profile: req.Profile, Endpoint: req.Endpoint,
		MaxAttempts: req.MaxAttempts, RequestTimeout: requestTimeout, Logger: req.Target.Logger})
	if errors.Is(err, aws.ErrNoRegion) {
		return nil, errors.New("no AWS region: give --region, or set AWS_REGION or the region of your AWS profile")
	}
	if err != nil {
		return nil, err
	}
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = os.Getenv("AWS_DEFAULT_REGION")
	}
	if len(req.Regions) > 0 {
		region = req.Regions[0]
	}
	res, err := driftProject(ctx, driftJob{
		Project: r.Project, Inventory: inv, Table: r.Table, Remediation: remediation, Types: req.Types, Tags: tags,
		Sweep: !req.NoSweep, Region: region, TerraformRefresh: req.Refresh, Timeout: timeout,
	}, r.Env)
	var te *TimeoutError
	if errors.As(err, &te) {
		return nil, fmt.Errorf("%w; raise --timeout (or settings { drift_timeout }) or narrow the read with --type or --region", err)
	}
	if err != nil {
		return nil, err
	}
	rep := &report.Drift{Project: r.Project.Name, Items: res.Items, Errors: res.Errors, DryRun: req.DryRun}
	if !req.Codify {
		return rep, nil
	}
	cr, err := codifyDrift(ctx, r.Project, res)
	if err != nil {
		return nil, err
	}
	rep.Codified, rep.Skipped = cr.Codified, cr.Skipped
	if req.DryRun {
		rep.Diff = cr.Changes.Diff()
		return rep, nil
	}
	if len(cr.Changes) > 0 {
		if err := iac.WriteFiles(r.Project.Dir, cr.Changes.Files()); err != nil {
			return nil, err
		}
		for _, c := range cr.Changes {
			rep.Written = append(rep.Written, c.Path)
		}
	}
	return rep, nil
}

// firstPositive returns the first of ds above zero.
func firstPositive(ds ...time.Duration) time.Duration {
	for _, d := range ds {
		if d > 0 {
			return d
		}
	}
	return 0
}
