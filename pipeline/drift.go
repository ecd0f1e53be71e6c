package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/cloud/aws"
	"github.com/driftfix/driftfix/codify"
	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/iac/tfstate"
	"github.com/driftfix/driftfix/policy"
	"github.com/driftfix/driftfix/report"
	"github.com/driftfix/driftfix/terraform"
	"github.com/hashicorp/hcl/v2"
	tfjson "github.com/hashicorp/terraform-json"
	"golang.org/x/sync/errgroup"
)

// DefaultRemediation chooses per class: tags added in the console are
// codified; everything else is reverted by the normal plan/apply path,
// where the gate decides. Config may override it per class.
var DefaultRemediation = map[fixers.Class]cloud.Remediation{fixers.ClassTags: cloud.Codify}

// IgnoreFile is the drift ignore file in a project's directory.
const IgnoreFile = ".driftfixignore"

// driftJob is one drift check of a resolved project.
type driftJob struct {
	Project   Project
	Inventory cloud.Inventory
	Table     *policy.Table
	// Remediation overrides DefaultRemediation per class.
	Remediation map[fixers.Class]cloud.Remediation
	Types       []string
	Tags        []cloud.TagFilter
	// Sweep looks for unmanaged resources with list calls.
	Sweep bool
	// Region is where resources whose state names no region live.
	Region string
	// TerraformRefresh also runs terraform plan -refresh-only and merges
	// what its resource_drift reports that the inventory did not see (it
	// needs the providers installed; when it cannot run, a warning says so).
	TerraformRefresh bool
	// Timeout bounds the whole live read (the managed read and the
	// sweep); zero means no bound. When it passes, Drift fails.
	Timeout time.Duration
}

// driftOutcome is what the live cloud showed.
type driftOutcome struct {
	// Items are the drifted resources, classified.
	Items []cloud.Drift
	// Errors are the reads that failed. A result with errors is
	// incomplete: its items are true, but it cannot say there is no other
	// drift.
	Errors []cloud.ReadError
	// Live holds every resource read (managed and swept), for import
	// generation.
	Live []cloud.Resource
	// State is the state compared, so that import generation never adopts
	// what it already manages.
	State []tfstate.Resource
}

// driftProject reads the project's state (terraform state pull: any backend, no
// provider needed), reads the live resources it names through the
// inventory (and, with Sweep, lists the unmanaged ones), and compares them.
// .driftfixignore in the project's directory filters the result. A
// resource whose read fails is in the result's Errors, never in its Items.
// It leaves behind no .terraform directory or lock file that its
// terraform init created.
func driftProject(ctx context.Context, req driftJob, env Env) (_ *driftOutcome, err error) {
	p := req.Project
	cleanup := keepInitState(p.Dir)
	defer func() {
		if cerr := cleanup(); cerr != nil && err == nil {
			err = fmt.Errorf("remove what terraform init made: %w", cerr)
		}
	}()
	out := &switchWriter{w: env.TerraformOutput}
	tfEnv := env
	tfEnv.TerraformOutput = out
	r, err := newRunner(ctx, p, tfEnv)
	if err != nil {
		return nil, err
	}
	raw, err := readState(ctx, r, p, env, out)
	if err != nil {
		return nil, err
	}
	st, err := tfstate.ParseRaw(raw)
	if err != nil {
		return nil, err
	}
	res, err := compareLive(ctx, req, st)
	if err != nil {
		return nil, err
	}
	if req.TerraformRefresh {
		if plan, err := refreshPlan(ctx, r, p, tfEnv); err != nil {
			env.logger().Warn("terraform plan -refresh-only could not run; reporting what the inventory saw", "err", firstLine(stripANSI(err.Error())))
		} else {
			drifts := res.Items
			res.Items = nil
			for _, d := range cloud.MergeTerraformDrift(drifts, plan, res.opts) {
				res.Items = append(res.Items, classifyDrift(d, req.Table, req.Remediation))
			}
		}
	}
	env.logger().Info("drift", "project", p.Name, "state", len(st.Resources), "live", len(res.Live), "drift", len(res.Items), "errors", len(res.Errors))
	return &res.driftOutcome, nil
}

// compared is a drift result with the options it was compared under.
type compared struct {
	driftOutcome
	opts cloud.CompareOptions
}

// compareLive reads the live resources st names (and, with Sweep, lists
// the unmanaged ones), at once, and compares them with st.
func compareLive(ctx context.Context, req driftJob, st *tfstate.State) (*compared, error) {
	ignore, err := loadIgnore(filepath.Join(req.Project.Dir, IgnoreFile))
	if err != nil {
		return nil, err
	}
	readable := map[string]bool{}
	for _, t := range req.Inventory.Types() {
		readable[t] = true
	}
	var refs []cloud.Ref
	for _, res := range st.Resources {
		if !readable[res.Type] || res.ID == "" || !typeWanted(req.Types, res.Type) {
			continue
		}
		region := res.Region
		if region == "" {
			region = req.Region
		}
		refs = append(refs, cloud.Ref{Type: res.Type, ID: res.ID, Region: region, Key: cloud.LookupKey(res.Type, res.ID, res.Values)})
	}
	var sweepTypes []string
	if req.Sweep {
		for _, t := range req.Inventory.Types() {
			if typeWanted(req.Types, t) {
				sweepTypes = append(sweepTypes, t)
			}
		}
	}

	readCtx, cancel := ctx, context.CancelFunc(func() {})
	if req.Timeout > 0 {
		readCtx, cancel = context.WithTimeout(ctx, req.Timeout)
	}
	defer cancel()
	var got cloud.GetResult
	var swept cloud.ListResult
	g, gctx := errgroup.WithContext(readCtx)
	g.Go(func() (err error) { got, err = req.Inventory.Get(gctx, refs); return err })
	if req.Sweep {
		g.Go(func() (err error) { swept, err = req.Inventory.List(gctx, sweepTypes); return err })
	}
	if err := g.Wait(); err != nil {
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			return nil, &TimeoutError{Timeout: req.Timeout}
		}
		return nil, err
	}

	opts := cloud.CompareOptions{Types: req.Types, Tags: req.Tags, Ignore: ignore}
	res := &compared{opts: opts}
	res.State = st.Resources
	res.Live = append(append([]cloud.Resource(nil), got.Found...), swept.Resources...)
	for _, d := range cloud.Compare(st.Resources, got.Found, got.Missing, swept.Resources, opts) {
		res.Items = append(res.Items, classifyDrift(d, req.Table, req.Remediation))
	}
	res.Errors = readErrors(st, got.Failed, swept.Failed, ignore)
	return res, nil
}

// TimeoutError is a live read that did not finish within the drift
// timeout. Nothing is reported then: what was read is not all there is.
type TimeoutError struct{ Timeout time.Duration }

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("the live read did not finish within the drift timeout (%s); nothing is reported", e.Timeout)
}

func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }

// readErrors turns failed reads into errors with the addresses state has
// for them; resources .driftfixignore drops are left out.
func readErrors(st *tfstate.State, failedGets, failedLists []cloud.Failure, ignore *cloud.Ignore) []cloud.ReadError {
	var out []cloud.ReadError
	for _, f := range failedGets {
		if ignore.Resource(f.Type, f.ID) {
			continue
		}
		e := cloud.ReadError{Type: f.Type, ID: f.ID, Region: f.Region, Message: f.Err.Error()}
		for _, r := range st.ByID(f.Type, f.ID) {
			if r.Region == "" || f.Region == "" || r.Region == f.Region {
				e.Address = r.Address
				break
			}
		}
		out = append(out, e)
	}
	for _, f := range failedLists {
		out = append(out, cloud.ReadError{Type: f.Type, Region: f.Region,
			Message: "the sweep could not list them, so unmanaged resources of this type are unknown: " + f.Err.Error()})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Region < b.Region
	})
	return out
}

// refreshPlan runs terraform plan -refresh-only into the project's state
// directory and shows it.
func refreshPlan(ctx context.Context, r *terraform.Runner, p Project, env Env) (*tfjson.Plan, error) {
	if err := prepare(ctx, r, p); err != nil {
		return nil, err
	}
	dir := env.StateDir(p.Name)
	if err := privateStateDir(dir); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "refresh.tfplan")
	defer os.Remove(path)
	if _, err := r.Plan(ctx, path, terraform.PlanOptions{RefreshOnly: true}); err != nil {
		return nil, err
	}
	return r.Show(ctx, path)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func typeWanted(types []string, t string) bool {
	if len(types) == 0 {
		return true
	}
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}

func loadIgnore(path string) (*cloud.Ignore, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return cloud.ParseIgnore(f, path)
}

// classifyDrift gives each change of a drift (or a deleted or unmanaged
// resource as a whole) its class and remediation.
func classifyDrift(d cloud.Drift, table *policy.Table, override map[fixers.Class]cloud.Remediation) cloud.Drift {
	pick := func(cl fixers.Class) cloud.Remediation {
		if r, ok := override[cl]; ok {
			return r
		}
		if r, ok := DefaultRemediation[cl]; ok {
			return r
		}
		return cloud.Revert
	}
	d.Changes = slices.Clone(d.Changes)
	switch d.Kind {
	case cloud.Unmanaged:
		d.Class, d.Remediation = string(fixers.ClassUnknown), cloud.Import
	case cloud.Deleted:
		cl, ok := table.ClassOfResource(d.Type)
		if !ok {
			cl = fixers.ClassUnknown
		}
		d.Class, d.Remediation = string(cl), cloud.Revert
	default:
		for i, c := range d.Changes {
			cl, ok := table.ClassOfPath(d.Type, c.Path)
			if !ok {
				cl = fixers.ClassUnknown
			}
			d.Changes[i].Class, d.Changes[i].Remediation = string(cl), pick(cl)
		}
	}
	return d
}

// CodifyResult is what codifying drift did to the code.
type CodifyResult struct {
	Changes  iac.ChangeSet
	Codified []codify.Codified
	Skipped  []codify.Skip
	// Imports is the generated driftfix_imports.tf for unmanaged
	// resources (nil when there are none), for review only.
	Imports *codify.ImportFile
}

// codifyDrift rewrites the project's code to the live values of the
// changes whose remediation is codify (exact edits), and generates import
// blocks for unmanaged resources. It writes nothing: the caller writes
// Changes (and Imports) atomically, or shows the diff.
func codifyDrift(ctx context.Context, p Project, res *driftOutcome) (*CodifyResult, error) {
	m := iac.Load(ctx, os.DirFS(p.Dir), ".")
	if m.Diagnostics.HasErrors() {
		return nil, fmt.Errorf("the code does not load: %s", m.Diagnostics.Error())
	}
	// Nothing is codified for a resource whose read failed, whatever
	// another source (terraform's refresh) says of it.
	unknown := map[string]bool{}
	for _, e := range res.Errors {
		if e.ID != "" {
			unknown[e.Type+"\x00"+e.ID] = true
		}
		if e.Address != "" {
			unknown[e.Address] = true
		}
	}
	var todo []cloud.Drift
	out := &CodifyResult{}
	for _, it := range res.Items {
		if it.Kind != cloud.Changed {
			continue
		}
		if unknown[it.Address] || unknown[it.Type+"\x00"+it.ID] {
			out.Skipped = append(out.Skipped, codify.Skip{Address: it.Address, Reason: "its live read failed, so its live values are unknown"})
			continue
		}
		d := it
		d.Changes = nil
		for _, c := range it.Changes {
			if c.Remediation == cloud.Codify {
				d.Changes = append(d.Changes, c)
			}
		}
		if len(d.Changes) > 0 {
			todo = append(todo, d)
		}
	}
	ed := iac.NewEditor(m)
	codified, skipped := codify.Drift(ed, m, todo)
	out.Codified = codified
	out.Skipped = append(out.Skipped, skipped...)
	files, err := ed.Apply()
	if err != nil {
		return nil, err
	}
	before := map[string][]byte{}
	for path, f := range m.Files {
		before[path] = f.Src
	}
	imports, err := codify.Imports(m, res.Items, res.Live, res.State)
	if err != nil {
		return nil, err
	}
	if imports != nil && imports.Src != nil {
		out.Imports = imports
		before[imports.Name] = readOr(filepath.Join(p.Dir, imports.Name))
		files[imports.Name] = imports.Src
	}
	out.Changes = iac.NewChangeSet(before, files)
	return out, nil
}

func readOr(path string) []byte {
	b, _ := os.ReadFile(path)
	return b
}

// RemediationFrom reads the config's drift_remediation setting; classes it
// names must be in the class table.
func RemediationFrom(cfg *config.Config, table *policy.Table) (map[fixers.Class]cloud.Remediation, hcl.Diagnostics) {
	out := map[fixers.Class]cloud.Remediation{}
	if cfg == nil {
		return out, nil
	}
	known := map[fixers.Class]bool{}
	for _, c := range table.Classes() {
		known[c] = true
	}
	var diags hcl.Diagnostics
	for _, r := range cfg.Settings().DriftRemediation {
		cl := fixers.Class(r.Class.Value)
		if !known[cl] {
			diags = append(diags, r.Class.Diagnostic("Unknown fix class", fmt.Sprintf("%q is not a fix class; known classes: %s", r.Class.Value, classList(table))))
			continue
		}
		out[cl] = cloud.Remediation(r.Action)
	}
	return out, diags
}

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
	live, err := openLive(ctx, CloudOptions{Regions: req.Regions, Profile: req.Profile, Endpoint: req.Endpoint,
		MaxAttempts: req.MaxAttempts, Timeout: req.Timeout, RequestTimeout: req.RequestTimeout}, r.Config.Settings(), req.Target.Logger)
	if err != nil {
		return nil, err
	}
	res, err := driftProject(ctx, driftJob{
		Project: r.Project, Inventory: live.inv, Table: r.Table, Remediation: remediation, Types: req.Types, Tags: tags,
		Sweep: !req.NoSweep, Region: live.region, TerraformRefresh: req.Refresh, Timeout: live.timeout,
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

// live is how a drift check reads AWS.
type live struct {
	inv     *aws.Reader
	region  string // where resources whose state names no region live
	timeout time.Duration
}

// openLive makes the AWS reader of a drift check: the options, else the
// config's settings, else the defaults, bound its time; the region of
// resources whose state names none is the first of --region, AWS_REGION,
// AWS_DEFAULT_REGION.
func openLive(ctx context.Context, o CloudOptions, s config.Settings, log *slog.Logger) (*live, error) {
	types, err := driftTypes(s)
	if err != nil {
		return nil, err
	}
	inv, err := aws.New(ctx, aws.Options{Regions: o.Regions, Profile: o.Profile, Endpoint: o.Endpoint, MaxAttempts: o.MaxAttempts,
		RequestTimeout: firstPositive(o.RequestTimeout, s.DriftRequestTimeout, DefaultRequestTimeout), Logger: log, Types: types})
	if errors.Is(err, aws.ErrNoRegion) {
		return nil, errors.New("no AWS region: give --region, or set AWS_REGION or the region of your AWS profile")
	}
	if err != nil {
		return nil, err
	}
	region := firstNonEmpty(append(slices.Clone(o.Regions), os.Getenv("AWS_REGION"), os.Getenv("AWS_DEFAULT_REGION"))...)
	return &live{inv: inv, region: region, timeout: firstPositive(o.Timeout, s.DriftTimeout, DefaultDriftTimeout)}, nil
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

// driftTypes are the types settings { drift_types } enables (nil: every
// supported type); a name the AWS reader does not know is an error at its
// place in driftfix.hcl.
func driftTypes(s config.Settings) ([]string, error) {
	var out []string
	var diags hcl.Diagnostics
	for _, t := range s.DriftTypes {
		if !slices.Contains(aws.SupportedTypes(), t.Value) {
			diags = append(diags, t.Diagnostic("Unknown resource type",
				fmt.Sprintf("drift_types: %q is not a type driftfix drift reads; the README's table lists them.", t.Value)))
			continue
		}
		out = append(out, t.Value)
	}
	if diags.HasErrors() {
		return nil, DiagnosticsError(diags)
	}
	return out, nil
}

// DriftIAMPolicy is `driftfix drift --print-iam-policy`: the read-only IAM
// policy drift needs for the types it reads (--type, else the config's
// drift_types, else every supported type). It reads neither state nor AWS.
func DriftIAMPolicy(target Target, types []string) (string, error) {
	if len(types) == 0 {
		r, err := Resolve(target)
		if err != nil {
			return "", err
		}
		if types, err = driftTypes(r.Config.Settings()); err != nil {
			return "", err
		}
	}
	doc, err := aws.IAMPolicy(types)
	if errors.Is(err, aws.ErrUnknownType) {
		return "", &UsageError{err}
	}
	return doc, err
}
