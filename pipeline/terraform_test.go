package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/internal/testenv"
	"github.com/driftfix/driftfix/lock"
	"github.com/driftfix/driftfix/policy"
)

const secret = "pipeline-test-secret-0417"

type tfEnv struct {
	t       *testing.T
	dir     string
	env     Env
	project Project
	table   *policy.Table
	policy  policy.Policy
	out     *bytes.Buffer
	log     *bytes.Buffer
}

// newTFEnv copies testdata/tfdata to a temporary directory and runs the
// pipeline there with the real Terraform v1.5.7 and only built-in resources
// (terraform_data, the local backend): nothing is downloaded.
func newTFEnv(t *testing.T) *tfEnv {
	t.Helper()
	bin := testenv.Terraform(t)
	dir := t.TempDir()
	src, _ := os.ReadFile("testdata/tfdata/main.tf")
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	table, err := policy.DefaultTable(fixers.All()).With(policy.CustomClass{Name: "test-input", Risk: fixers.RiskLow, Resources: []string{"terraform_data"}, Paths: []string{"input"}})
	if err != nil {
		t.Fatal(err)
	}
	out, logs := &bytes.Buffer{}, &bytes.Buffer{}
	e := &tfEnv{t: t, dir: dir, out: out, log: logs, table: table,
		env:     Env{Root: dir, SearchDirs: []string{filepath.Dir(bin)}, TerraformOutput: out, Logger: testLogger(logs)},
		project: Project{Name: "app", Dir: dir, Environment: "dev", TerraformVersion: testenv.TerraformVersion},
		policy:  policy.Policy{Environment: "dev", AutoApply: []fixers.Class{"tags", "encryption-at-rest", "test-input"}, MaxChanges: 10, NoAutoApplyEnvironments: []string{"prod"}},
	}
	return e
}

func (e *tfEnv) plan() *planOutcome {
	e.t.Helper()
	res, err := planProject(context.Background(), planJob{Project: e.project, Table: e.table, Policy: e.policy}, e.env)
	if err != nil {
		e.t.Fatalf("plan: %v\n%s", err, e.out)
	}
	return res
}

func (e *tfEnv) apply(req applyJob) (*applyOutcome, error) {
	req.Project, req.Table, req.Policy = e.project, e.table, e.policy
	return applyProject(context.Background(), req, e.env)
}

func (e *tfEnv) edit(old, new string) {
	e.t.Helper()
	p := filepath.Join(e.dir, "main.tf")
	src, _ := os.ReadFile(p)
	if !strings.Contains(string(src), old) {
		e.t.Fatalf("main.tf has no %q", old)
	}
	os.WriteFile(p, []byte(strings.Replace(string(src), old, new, 1)), 0o644)
}

func actions(r *planOutcome) map[string]policy.Action {
	m := map[string]policy.Action{}
	for _, c := range r.Record.Classification.Changes {
		m[c.Address] = c.Action
	}
	return m
}

// The whole life cycle against real Terraform: create, in-place update of
// input (a custom low class: auto-applies), replace and delete (never).
func TestPlanApplyLifecycle(t *testing.T) {
	e := newTFEnv(t)

	// create: terraform_data creation has no class → review
	res := e.plan()
	if got := actions(res); len(got) != 3 || got["terraform_data.x"] != policy.ActionCreate {
		t.Fatalf("create plan: %v", got)
	}
	if res.Record.Decision.Decision != policy.Review {
		t.Fatalf("creating unclassified resources must be reviewed: %v", res.Record.Decision)
	}
	if _, err := e.apply(applyJob{}); !errors.Is(err, ErrNeedsApproval) {
		t.Fatalf("review plan applied without --approve: %v", err)
	}
	ar, err := e.apply(applyJob{Approve: true, By: "alice", Reason: "bootstrap"})
	if err != nil || !ar.Applied || !ar.Verified {
		t.Fatalf("approved apply: %+v %v\n%s", ar, err, e.out)
	}
	if data, _ := os.ReadFile(filepath.Join(e.env.StateDir("app"), ApprovalsFile)); !strings.Contains(string(data), `"by":"alice"`) || !strings.Contains(string(data), "bootstrap") {
		t.Errorf("approval not recorded: %s", data)
	}
	if _, err := e.apply(applyJob{Approve: true}); !errors.Is(err, ErrApplied) {
		t.Errorf("a plan applied twice: %v", err)
	}

	// update of input: the custom low class auto-applies
	e.edit(`default = "a"`, `default = "b"`)
	res = e.plan()
	if got := actions(res); len(got) != 1 || got["terraform_data.x"] != policy.ActionUpdate {
		t.Fatalf("update plan: %v", got)
	}
	if res.Record.Decision.Decision != policy.AutoApply {
		t.Fatalf("input update should auto-apply: %v", res.Record.Decision)
	}
	if ar, err := e.apply(applyJob{}); err != nil || !ar.Applied || !ar.Verified || ar.Approval != nil {
		t.Fatalf("auto-apply: %+v %v", ar, err)
	}

	// replace: review, and refused without --allow-destroy even when approved
	e.edit(`default = "1"`, `default = "2"`)
	res = e.plan()
	if got := actions(res); got["terraform_data.r"] != policy.ActionReplace {
		t.Fatalf("replace plan: %v", got)
	}
	if res.Record.Decision.Decision != policy.Review {
		t.Fatalf("a replace must be reviewed: %v", res.Record.Decision)
	}
	if _, err := e.apply(applyJob{Approve: true}); !errors.Is(err, ErrDestroy) {
		t.Fatalf("replace applied without --allow-destroy: %v", err)
	}
	if ar, err := e.apply(applyJob{Approve: true, AllowDestroy: true, By: "bob", Reason: "rotate"}); err != nil || !ar.Verified || ar.Approval == nil || !ar.Approval.Destroy {
		t.Fatalf("approved replace: %+v %v", ar, err)
	}

	// delete: review, never auto
	e.edit("resource \"terraform_data\" \"r\" {\n  triggers_replace = var.t\n}\n", "")
	res = e.plan()
	if got := actions(res); got["terraform_data.r"] != policy.ActionDelete {
		t.Fatalf("delete plan: %v", got)
	}
	if res.Record.Decision.Decision != policy.Review {
		t.Fatalf("a delete must be reviewed: %v", res.Record.Decision)
	}
	if _, err := e.apply(applyJob{}); !errors.Is(err, ErrDestroy) {
		t.Fatalf("delete applied: %v", err)
	}

	// nothing left: no changes
	if ar, err := e.apply(applyJob{Approve: true, AllowDestroy: true}); err != nil || !ar.Verified {
		t.Fatal(err)
	}
	res = e.plan()
	if res.Record.Decision.Decision != policy.NoChanges || res.Record.Changes {
		t.Fatalf("want no changes: %+v", res.Record.Decision)
	}
}

// A plan is refused once the code or the state moved on.
func TestApplyRefusesStalePlan(t *testing.T) {
	e := newTFEnv(t)
	e.plan()
	if _, err := e.apply(applyJob{Approve: true}); err != nil {
		t.Fatal(err)
	}
	// code changed after the plan
	e.edit(`default = "a"`, `default = "b"`)
	e.plan()
	e.edit(`default = "b"`, `default = "c"`)
	if _, err := e.apply(applyJob{}); !errors.Is(err, ErrStale) {
		t.Fatalf("applied a plan older than the code: %v", err)
	}
	// state changed after the plan (someone ran terraform by hand)
	e.plan()
	cmd := exec.Command(testenv.Terraform(t), "apply", "-auto-approve", "-input=false", "-var", "v=zzz")
	cmd.Dir = e.dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("terraform apply by hand: %v\n%s", err, out)
	}
	if _, err := e.apply(applyJob{}); !errors.Is(err, ErrStale) {
		t.Fatalf("applied a plan older than the state: %v", err)
	}
}

// Two applies racing on one project: the lock lets exactly one apply.
func TestApplyLock(t *testing.T) {
	e := newTFEnv(t)
	e.plan()
	if _, err := e.apply(applyJob{Approve: true}); err != nil {
		t.Fatal(err)
	}
	e.edit(`default = "a"`, `default = "b"`)
	if r := e.plan(); r.Record.Decision.Decision != policy.AutoApply {
		t.Fatalf("setup: %v", r.Record.Decision)
	}
	var wg sync.WaitGroup
	results := make([]error, 2)
	applied := make([]bool, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ar, err := e.apply(applyJob{})
			results[i] = err
			applied[i] = err == nil && ar.Applied
		}()
	}
	wg.Wait()
	if applied[0] == applied[1] {
		t.Fatalf("want exactly one apply, got %v (errors %v)", applied, results)
	}
	for i, err := range results {
		if !applied[i] && !errors.Is(err, lock.ErrLocked) && !errors.Is(err, ErrApplied) {
			t.Errorf("the losing apply failed for the wrong reason: %v", err)
		}
	}
}

// A sensitive value never appears in the saved artifacts, the terraform
// output or the logs.
func TestPlanRedactsSecrets(t *testing.T) {
	e := newTFEnv(t)
	e.plan()
	if _, err := e.apply(applyJob{Approve: true}); err != nil {
		t.Fatal(err)
	}
	e.edit(`pipeline-test-secret-0417`, `pipeline-test-secret-0418`)
	res := e.plan()
	if !strings.Contains(res.PlanText, "terraform_data.s") {
		t.Fatalf("plan text lacks the change:\n%s", res.PlanText)
	}
	// classify of the saved, redacted plan.json decides as plan did: the
	// changed secret is still a change (of input, a low custom class)
	data, err := os.ReadFile(filepath.Join(e.env.StateDir("app"), PlanJSONFile))
	if err != nil {
		t.Fatal(err)
	}
	saved, err := policy.DecodePlan(data)
	if err != nil {
		t.Fatal(err)
	}
	if d := policy.Gate(saved.Classify(e.table), e.policy, e.table, nil); d.Decision != res.Record.Decision.Decision || d.Decision != policy.AutoApply {
		t.Errorf("classify of plan.json: %v; plan decided %v", d, res.Record.Decision)
	}
	for _, f := range res.Files {
		if filepath.Base(f) == PlanFile {
			continue // Terraform's own binary plan file
		}
		data, _ := os.ReadFile(f)
		for _, s := range []string{secret, "pipeline-test-secret-0418"} {
			if strings.Contains(string(data), s) {
				t.Errorf("%s contains the secret", filepath.Base(f))
			}
		}
	}
	runLog, _ := os.ReadFile(filepath.Join(e.env.StateDir("app"), RunLogFile))
	if !strings.Contains(string(runLog), "terraform_data.s") {
		t.Errorf("the run log lacks terraform's output:\n%s", runLog)
	}
	for name, buf := range map[string]string{"terraform output": e.out.String(), "log": e.log.String(), "plan text": res.PlanText, "run log": string(runLog)} {
		if strings.Contains(buf, "pipeline-test-secret-04") {
			t.Errorf("%s contains the secret", name)
		}
	}
}

func (e *tfEnv) editRecord(f func(rec map[string]any)) {
	e.t.Helper()
	p := filepath.Join(e.env.StateDir("app"), ClassificationFile)
	data, err := os.ReadFile(p)
	if err != nil {
		e.t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(data, &rec); err != nil {
		e.t.Fatal(err)
	}
	f(rec)
	if data, err = json.Marshal(rec); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// apply judges the saved plan file itself again, under the project's
// config and environment, and refuses whatever differs from the record: an
// edited classification.json, a plan swapped in with its hash rewritten, a
// plan judged under another environment. Nothing is applied.
func TestApplyRejudgesTheSavedPlan(t *testing.T) {
	e := newTFEnv(t)
	e.plan()
	if _, err := e.apply(applyJob{Approve: true}); err != nil {
		t.Fatal(err)
	}
	serial := func() string {
		data, _ := os.ReadFile(filepath.Join(e.dir, "terraform.tfstate"))
		var st struct{ Serial int }
		json.Unmarshal(data, &st)
		return fmt.Sprint(st.Serial)
	}
	before := serial()

	// 1. an edited record: a review (replace) made to read auto-apply
	e.edit(`default = "1"`, `default = "2"`)
	if r := e.plan(); r.Record.Decision.Decision != policy.Review {
		t.Fatalf("setup: %v", r.Record.Decision)
	}
	e.editRecord(func(rec map[string]any) {
		rec["decision"] = map[string]any{"decision": "auto-apply", "reasons": []any{"1 change"}}
		ch := rec["classification"].(map[string]any)["changes"].([]any)[0].(map[string]any)
		ch["action"], ch["class"], ch["risk"] = "update", "test-input", "low"
	})
	if _, err := e.apply(applyJob{}); !errors.Is(err, ErrMismatch) {
		t.Fatalf("an edited record was applied: %v", err)
	}
	// … and with the decision left alone but a change's class edited
	e.plan()
	e.editRecord(func(rec map[string]any) {
		ch := rec["classification"].(map[string]any)["changes"].([]any)[0].(map[string]any)
		ch["class"] = "tags"
	})
	if _, err := e.apply(applyJob{Approve: true, AllowDestroy: true}); !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), "terraform_data.r") {
		t.Fatalf("an edited classification was applied: %v", err)
	}
	e.edit(`default = "2"`, `default = "1"`)

	// 2. a swapped plan: an auto-apply plan is recorded, then a plan made by
	// hand (a replace) takes its place and the record's hash is rewritten
	e.edit(`default = "a"`, `default = "b"`)
	if r := e.plan(); r.Record.Decision.Decision != policy.AutoApply {
		t.Fatalf("setup: %v", r.Record.Decision)
	}
	planPath := filepath.Join(e.env.StateDir("app"), PlanFile)
	cmd := exec.Command(testenv.Terraform(t), "plan", "-input=false", "-var", "t=evil", "-out="+planPath)
	cmd.Dir = e.dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("terraform plan by hand: %v\n%s", err, out)
	}
	data, _ := os.ReadFile(planPath)
	sum := sha256.Sum256(data)
	e.editRecord(func(rec map[string]any) { rec["plan_sha256"] = hex.EncodeToString(sum[:]) })
	if _, err := e.apply(applyJob{}); !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), "review") {
		t.Fatalf("a swapped plan was applied: %v", err)
	}

	// 3. a plan judged under --env dev for a project whose environment is prod
	dev := e.project
	e.project.Environment = "prod"
	res, err := planProject(context.Background(), planJob{Project: dev, Table: e.table, Policy: e.policy}, e.env)
	if err != nil || res.Record.Decision.Decision != policy.AutoApply {
		t.Fatalf("setup: %v %v", err, res)
	}
	prod := e.policy
	prod.Environment = "prod"
	_, err = applyProject(context.Background(), applyJob{Project: e.project, Table: e.table, Policy: prod}, e.env)
	if !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), `environment "dev"`) {
		t.Fatalf("a plan judged in dev was applied to prod: %v", err)
	}
	if after := serial(); after != before {
		t.Fatalf("the state moved from serial %s to %s: something was applied", before, after)
	}
	// judged and approved for what it is, it applies
	e.policy = prod
	if r := e.plan(); r.Record.Decision.Decision != policy.Review {
		t.Fatalf("prod plan: %v", r.Record.Decision)
	}
	if _, err := e.apply(applyJob{Approve: true, By: "carol", Reason: "reviewed"}); err != nil {
		t.Fatalf("the honest prod plan: %v", err)
	}
}
