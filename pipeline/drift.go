package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/iac/tfstate"
	"github.com/driftfix/driftfix/policy"
	"github.com/driftfix/driftfix/terraform"
	"github.com/hashicorp/hcl/v2"
	tfjson "github.com/hashicorp/terraform-json"
)

// Remediation is what driftfix does about one drifted attribute.
type Remediation string

const (
	// Revert: plan and apply bring the cloud back to the code, through the
	// gate (driftfix plan / apply).
	Revert Remediation = "revert"
	// Codify: rewrite the code to the live value (exact edits).
	Codify Remediation = "codify"
	// Report: only say so.
	Report Remediation = "report"
	// Import: an unmanaged resource gets generated HCL and an import block,
	// for review only.
	Import Remediation = "import"
)

// DefaultRemediation chooses per class: tags added in the console are
// codified; everything else is reverted by the normal plan/apply path,
// where the gate decides. Config may override it per class.
var DefaultRemediation = map[fixers.Class]Remediation{fixers.ClassTags: Codify}

// IgnoreFile is the drift ignore file in a project's directory.
const IgnoreFile = ".driftfixignore"

// DriftRequest is one drift check.
type DriftRequest struct {
	Project   Project
	Inventory cloud.Inventory
	Table     *policy.Table
	// Remediation overrides DefaultRemediation per class.
	Remediation map[fixers.Class]Remediation
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
}

// DriftItem is a drift with the class and remediation of each change.
type DriftItem struct {
	cloud.Drift
	Classes      []fixers.Class `json:"classes"`
	Remediations []Remediation  `json:"remediations"`
}

// DriftResult is what the live cloud showed.
type DriftResult struct {
	Items []DriftItem
	// Live holds every resource read (managed and swept), for import
	// generation.
	Live []cloud.Resource
}

// Drift reads the project's state (terraform state pull: any backend, no
// provider needed), reads the live resources it names through the
// inventory (and, with Sweep, lists the unmanaged ones), and compares them.
// .driftfixignore in the project's directory filters the result.
func Drift(ctx context.Context, req DriftRequest, env Env) (*DriftResult, error) {
	p := req.Project
	r, err := newRunner(ctx, p, env)
	if err != nil {
		return nil, err
	}
	raw, err := readState(ctx, r, p, env)
	if err != nil {
		return nil, err
	}
	st, err := tfstate.ParseRaw(raw)
	if err != nil {
		return nil, err
	}
	ignore, err := loadIgnore(filepath.Join(p.Dir, IgnoreFile))
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
		refs = append(refs, cloud.Ref{Type: res.Type, ID: res.ID, Region: region})
	}
	found, missing, err := req.Inventory.Get(ctx, refs)
	if err != nil {
		return nil, err
	}
	var swept []cloud.Resource
	if req.Sweep {
		var types []string
		for _, t := range req.Inventory.Types() {
			if typeWanted(req.Types, t) {
				types = append(types, t)
			}
		}
		if swept, err = req.Inventory.List(ctx, types); err != nil {
			return nil, err
		}
	}
	opts := cloud.CompareOptions{Types: req.Types, Tags: req.Tags, Ignore: ignore}
	drifts := cloud.Compare(st.Resources, found, missing, swept, opts)
	if req.TerraformRefresh {
		if plan, err := refreshPlan(ctx, r, p, env); err != nil {
			env.logger().Warn("terraform plan -refresh-only could not run; reporting what the inventory saw", "err", firstLine(err.Error()))
		} else {
			drifts = cloud.MergeTerraformDrift(drifts, plan, opts)
		}
	}
	res := &DriftResult{Live: append(found, swept...)}
	for _, d := range drifts {
		res.Items = append(res.Items, classifyDrift(d, req.Table, req.Remediation))
	}
	env.logger().Info("drift", "project", p.Name, "state", len(st.Resources), "read", len(found), "missing", len(missing), "swept", len(swept), "drift", len(drifts))
	return res, nil
}

// readState pulls the workspace's state through terraform (any backend). A
// configuration whose modules or providers are not installed cannot be read
// that way until terraform init has run; init is tried first. When init
// cannot run either (no network for the providers) and the project uses
// the local backend, the local state file is read directly.
func readState(ctx context.Context, r *terraform.Runner, p Project, env Env) ([]byte, error) {
	raw, err := r.PullState(ctx)
	if err == nil {
		return raw, nil
	}
	initErr := prepare(ctx, r, p)
	if initErr == nil {
		return r.PullState(ctx)
	}
	local := filepath.Join(p.Dir, "terraform.tfstate")
	if p.Workspace != "" && p.Workspace != "default" {
		local = filepath.Join(p.Dir, "terraform.tfstate.d", p.Workspace, "terraform.tfstate")
	}
	if data, rerr := os.ReadFile(local); rerr == nil {
		env.logger().Warn("terraform could not read the state (init failed); reading the local backend's state file", "file", local, "init", firstLine(initErr.Error()))
		return data, nil
	}
	return nil, fmt.Errorf("read state: %w (and terraform init failed: %v)", err, initErr)
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

// classifyDrift gives each change of a drift its class and remediation.
func classifyDrift(d cloud.Drift, table *policy.Table, override map[fixers.Class]Remediation) DriftItem {
	it := DriftItem{Drift: d, Classes: []fixers.Class{}, Remediations: []Remediation{}}
	pick := func(cl fixers.Class) Remediation {
		if r, ok := override[cl]; ok {
			return r
		}
		if r, ok := DefaultRemediation[cl]; ok {
			return r
		}
		return Revert
	}
	switch d.Kind {
	case cloud.Unmanaged:
		it.Classes = append(it.Classes, fixers.ClassUnknown)
		it.Remediations = append(it.Remediations, Import)
	case cloud.Deleted:
		cl, ok := table.ClassOfResource(d.Type)
		if !ok {
			cl = fixers.ClassUnknown
		}
		it.Classes = append(it.Classes, cl)
		it.Remediations = append(it.Remediations, Revert)
	default:
		for _, c := range d.Changes {
			cl, ok := table.ClassOfPath(d.Type, c.Path)
			if !ok {
				cl = fixers.ClassUnknown
			}
			it.Classes = append(it.Classes, cl)
			it.Remediations = append(it.Remediations, pick(cl))
		}
	}
	return it
}

// CodifyResult is what codifying drift did to the code.
type CodifyResult struct {
	Changes  iac.ChangeSet
	Codified []fixers.Codified
	Skipped  []fixers.CodifySkip
	// Imports is the generated driftfix_imports.tf for unmanaged
	// resources (nil when there are none), for review only.
	Imports *fixers.ImportFile
}

// CodifyDrift rewrites the project's code to the live values of the
// changes whose remediation is codify (exact edits), and generates import
// blocks for unmanaged resources. It writes nothing: the caller writes
// Changes (and Imports) atomically, or shows the diff.
func CodifyDrift(ctx context.Context, p Project, res *DriftResult) (*CodifyResult, error) {
	m := iac.Load(ctx, os.DirFS(p.Dir), ".")
	if m.Diagnostics.HasErrors() {
		return nil, fmt.Errorf("the code does not load: %s", m.Diagnostics.Error())
	}
	var todo []cloud.Drift
	for _, it := range res.Items {
		if it.Kind != cloud.Changed {
			continue
		}
		d := it.Drift
		d.Changes = nil
		for i, c := range it.Changes {
			if it.Remediations[i] == Codify {
				d.Changes = append(d.Changes, c)
			}
		}
		if len(d.Changes) > 0 {
			todo = append(todo, d)
		}
	}
	ed := iac.NewEditor(m)
	out := &CodifyResult{}
	out.Codified, out.Skipped = fixers.Codify(ed, m, todo)
	files, err := ed.Apply()
	if err != nil {
		return nil, err
	}
	before := map[string][]byte{}
	for path, f := range m.Files {
		before[path] = f.Src
	}
	var drifts []cloud.Drift
	for _, it := range res.Items {
		drifts = append(drifts, it.Drift)
	}
	imports, err := fixers.GenerateImports(m, drifts, res.Live)
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

// Summary counts drift by kind, for one line of output.
func Summary(items []DriftItem) string {
	n := map[cloud.Kind]int{}
	for _, it := range items {
		n[it.Kind]++
	}
	if len(items) == 0 {
		return "no drift"
	}
	var parts []string
	for _, k := range []cloud.Kind{cloud.Changed, cloud.Deleted, cloud.Unmanaged} {
		if n[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[k], k))
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// RemediationFrom reads the config's drift_remediation setting; classes it
// names must be in the class table.
func RemediationFrom(cfg *config.Config, table *policy.Table) (map[fixers.Class]Remediation, hcl.Diagnostics) {
	out := map[fixers.Class]Remediation{}
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
		out[cl] = Remediation(r.Action)
	}
	return out, diags
}
