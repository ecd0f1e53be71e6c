package terraform

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
)

// DefaultInterruptGrace is how long a cancelled terraform command may take
// to stop after SIGINT before it is killed (terraform-exec's default).
const DefaultInterruptGrace = 60 * time.Second

// Options configure a Runner. The zero value works: inherited environment,
// the shared plugin cache, output discarded.
type Options struct {
	// Env is the environment terraform runs with, instead of the
	// inherited os.Environ(). Variables terraform-exec manages (TF_VAR_*,
	// TF_CLI_ARGS*, TF_LOG*, TF_INPUT, TF_IN_AUTOMATION, TF_WORKSPACE, …)
	// are an error here; from the inherited environment they are dropped,
	// so pass variables with VarFiles, not TF_VAR_*.
	Env map[string]string

	// PluginCacheDir is set as TF_PLUGIN_CACHE_DIR and created by New.
	// Empty means DefaultPluginCacheDir().
	PluginCacheDir string

	// BackendConfig are the -backend-config values of init ("key=value"
	// or a file path), in order. Their values are also redacted.
	BackendConfig []string

	// VarFiles are the -var-file arguments of plan, in order, relative to
	// the working directory unless absolute.
	VarFiles []string

	// LockTimeout is how long plan and apply wait for the state lock
	// (-lock-timeout). Zero fails at once when the state is locked.
	LockTimeout time.Duration

	// Stdout and Stderr receive terraform's output, redacted line by line
	// (see Redactor). Plan output is held back until the plan has been
	// shown, so that the plan's own secrets are known before any of it is
	// written. Nil discards.
	Stdout, Stderr io.Writer

	// Logger receives debug records (the commands run, redacted). Nil
	// discards.
	Logger *slog.Logger

	// InterruptGrace bounds how long a cancelled command may take to exit
	// after SIGINT before it is killed. Zero means DefaultInterruptGrace.
	InterruptGrace time.Duration

	// TempDir holds the short-lived private copy (mode 0600) of a plan
	// file that Show and ApplySaved hand to terraform (so that the bytes
	// terraform reads are the bytes that were checked). Empty means the
	// plan file's own directory: a plan holds secrets in clear, and a copy
	// left by a killed process must not land in a shared temporary
	// directory. Copies left by processes that are gone are removed the
	// next time a copy is made there.
	TempDir string

	// Secrets are further literal values to redact from all output.
	Secrets []string

	// Progress receives, while init or plan runs, a line every
	// ProgressInterval saying it is still going (plan output is held back
	// until the plan's secrets are known, so a long plan would otherwise
	// be silent). Give it stderr, never stdout. Nil writes none.
	Progress io.Writer

	// ProgressInterval is how often; zero means DefaultProgressInterval.
	ProgressInterval time.Duration
}

// PlanOptions are the per-plan choices.
type PlanOptions struct {
	// RefreshOnly plans to update the state to match the real objects
	// (terraform plan -refresh-only), without changing them.
	RefreshOnly bool
}

// Runner runs terraform in one working directory. It wraps one
// *tfexec.Terraform (whose setters mutate it), so use one Runner per
// working directory and run; its methods are safe to call from several
// goroutines but run one terraform command at a time.
type Runner struct {
	dir     string
	opts    Options
	log     *slog.Logger
	tf      *tfexec.Terraform
	red     *Redactor
	tempDir string

	mu    sync.Mutex // one command at a time; guards plans
	plans map[string]*savedPlan
}

type savedPlan struct {
	sum     [sha256.Size]byte
	applied bool
}

// New prepares a Runner for the Terraform configuration in dir, using the
// binary at binPath (see Ensure; a bare name is looked up in $PATH). It
// creates the plugin cache directory and runs nothing.
func New(dir, binPath string, opts Options) (*Runner, error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("terraform runner: %w", err)
	}
	logger := opts.Logger
	if logger == nil {
		logger = discardLogger()
	}
	cacheDir := opts.PluginCacheDir
	if cacheDir == "" {
		if cacheDir, err = DefaultPluginCacheDir(); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return nil, fmt.Errorf("terraform plugin cache: %w", err)
	}
	base, explicit := opts.Env, opts.Env != nil
	if !explicit {
		base = environMap(os.Environ())
	}
	env, dropped, err := buildEnv(base, explicit, cacheDir)
	if err != nil {
		return nil, err
	}
	if len(dropped) > 0 {
		logger.Debug("terraform environment: dropped variables terraform-exec manages", "names", dropped)
	}

	if strings.ContainsRune(binPath, filepath.Separator) {
		// Commands run in dir; a relative binary path must not be
		// resolved from there.
		if binPath, err = filepath.Abs(binPath); err != nil {
			return nil, fmt.Errorf("terraform runner: %w", err)
		}
	}
	tf, err := tfexec.NewTerraform(absDir, binPath)
	if err != nil {
		return nil, fmt.Errorf("terraform runner for %s: %w", absDir, err)
	}
	if err := tf.SetEnv(env); err != nil {
		return nil, fmt.Errorf("terraform runner for %s: %w", absDir, err)
	}
	grace := opts.InterruptGrace
	if grace <= 0 {
		grace = DefaultInterruptGrace
	}
	if err := tf.SetWaitDelay(grace); err != nil {
		return nil, fmt.Errorf("terraform runner for %s: %w", absDir, err)
	}

	red := NewRedactor(nil)
	red.Add(opts.Secrets...)
	for _, bc := range opts.BackendConfig {
		if _, v, ok := strings.Cut(bc, "="); ok {
			red.Add(v)
		}
	}
	tf.SetLogger(printfer{red: red, log: logger})

	tempDir := opts.TempDir
	return &Runner{
		dir:     absDir,
		opts:    opts,
		log:     logger.With("dir", absDir),
		tf:      tf,
		red:     red,
		tempDir: tempDir,
		plans:   map[string]*savedPlan{},
	}, nil
}

// Redactor is the runner's redactor: it knows Options.Secrets, the
// backend config values, and the sensitive values of every plan and state
// the runner has shown. Use it on anything derived from this run before
// it is logged or posted.
func (r *Runner) Redactor() *Redactor { return r.red }

// Version returns the binary's version (terraform version -json, run
// once per Runner and cached).
func (r *Runner) Version(ctx context.Context) (*version.Version, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.version(ctx)
}

// version runs terraform-exec's cached version check with stdout
// discarded: terraform-exec checks the version before some commands, and
// would otherwise copy the JSON into Options.Stdout.
func (r *Runner) version(ctx context.Context) (*version.Version, error) {
	var v *version.Version
	err := r.quiet(func() (err error) {
		v, _, err = r.tf.Version(ctx, false)
		return err
	})
	if err != nil {
		return nil, r.fail("version", err)
	}
	return v, nil
}

// Init runs terraform init -input=false -upgrade=false with the backend
// configuration, streaming its output.
func (r *Runner) Init(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, err := r.version(ctx); err != nil {
		return err
	}
	err := withProgress(r.opts.Progress, "terraform init", r.opts.ProgressInterval, func() error {
		return r.streamed(func() error { return r.tf.Init(ctx, initOptions(r.opts)...) })
	})
	if err != nil {
		return r.fail("init", err)
	}
	return nil
}

// SelectWorkspace makes name the current workspace, creating it when it
// does not exist yet.
func (r *Runner) SelectWorkspace(ctx context.Context, name string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, err := r.version(ctx); err != nil {
		return err
	}
	var list []string
	var current string
	err := r.quiet(func() (err error) {
		list, current, err = r.tf.WorkspaceList(ctx)
		return err
	})
	if err != nil {
		return r.fail("workspace list", err)
	}
	switch {
	case current == name:
		return nil
	case slices.Contains(list, name):
		err = r.streamed(func() error { return r.tf.WorkspaceSelect(ctx, name) })
		if err != nil {
			return r.fail("workspace select "+name, err)
		}
	default:
		err = r.streamed(func() error { return r.tf.WorkspaceNew(ctx, name) })
		if err != nil {
			return r.fail("workspace new "+name, err)
		}
	}
	return nil
}

// Plan runs terraform plan -input=false -lock=true with the var files and
// saves the plan to out (relative to the working directory unless
// absolute). It reports whether the plan has changes.
//
// Plan then shows the saved plan once, so that its sensitive values are
// known to the redactor before the plan's human output is written to
// Options.Stdout; and it records out's sha256, which makes out the only
// kind of path ApplySaved accepts. If the plan fails, its output is still
// written, redacted with what is known (the secrets of the current state
// included, when it can be read).
func (r *Runner) Plan(ctx context.Context, out string, opts PlanOptions) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, err := r.version(ctx); err != nil {
		return false, err
	}
	path := r.abs(out)
	delete(r.plans, path) // a new plan replaces whatever was there

	var stdout, stderr bytes.Buffer
	r.tf.SetStderr(&stderr)
	var changes bool
	err := withProgress(r.opts.Progress, "terraform plan", r.opts.ProgressInterval, func() (err error) {
		changes, err = r.tf.PlanJSON(ctx, &stdout, planOptions(path, r.opts, opts)...)
		return err
	})
	r.tf.SetStdout(nil)
	r.tf.SetStderr(nil)

	var plan *tfjson.Plan
	if err == nil {
		plan, err = r.learnPlan(ctx, path)
	} else if ctx.Err() == nil {
		r.learnState(ctx)
	}
	if err == nil {
		err = privateFile(path)
	}
	// Terraform's messages (progress, diagnostics), then the plan as
	// driftfix renders it from the redacted JSON: never Terraform's own
	// human plan, which prints sensitive values it copied into unmarked
	// attributes.
	uiOut, uiErr := r.red.Writer(r.opts.Stdout), r.red.Writer(r.opts.Stderr)
	ui := newUIWriter(uiOut, uiErr, "change_summary")
	ui.Write(stdout.Bytes())
	ui.Flush()
	uiOut.Flush()
	uiErr.Write(stderr.Bytes())
	uiErr.Flush()
	if plan != nil {
		r.writeRedacted(r.opts.Stdout, []byte("\n"+PlanText(r.red.RedactPlan(plan))))
	}
	if err != nil {
		return false, r.fail("plan", ui.errorsOf(err))
	}
	r.log.Debug("terraform plan saved", "plan", path, "changes", changes)
	return changes, nil
}

// PlanSum returns the sha256 that Plan recorded for the plan file at path.
func (r *Runner) PlanSum(path string) ([sha256.Size]byte, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec, ok := r.plans[r.abs(path)]
	if !ok {
		return [sha256.Size]byte{}, false
	}
	return rec.sum, true
}

// Trust accepts a plan file that an earlier run wrote (`driftfix plan` in
// one process, `driftfix apply` in the next) as one this Runner may apply —
// only if its bytes still hash to sum, the sha256 recorded when the plan was
// made and classified; otherwise ErrPlanModified. Like Plan, it shows the
// plan once so that its secrets are redacted from the apply's output.
func (r *Runner) Trust(ctx context.Context, path string, sum [sha256.Size]byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, err := r.version(ctx); err != nil {
		return err
	}
	abs := r.abs(path)
	fi, err := os.Lstat(abs)
	if err != nil {
		return fmt.Errorf("%s: %w: %w", abs, ErrPlanNotProduced, err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file (%s): %w", abs, fi.Mode().Type(), ErrPlanNotProduced)
	}
	got, err := fileSum(abs)
	if err != nil {
		return err
	}
	if got != sum {
		return fmt.Errorf("%s: %w", abs, ErrPlanModified)
	}
	if _, err := r.learnPlan(ctx, abs); err != nil {
		return r.fail("show "+abs, err)
	}
	if r.plans[abs].sum != sum {
		delete(r.plans, abs)
		return fmt.Errorf("%s: %w", abs, ErrPlanModified)
	}
	return nil
}

// learnPlan shows a freshly written plan file to learn its secrets, and
// records its checksum (taken before the show and checked after it). It
// returns the plan, values in clear.
func (r *Runner) learnPlan(ctx context.Context, path string) (*tfjson.Plan, error) {
	sum, err := fileSum(path)
	if err != nil {
		return nil, err
	}
	var plan *tfjson.Plan
	err = r.quiet(func() (err error) {
		plan, err = r.tf.ShowPlanFile(ctx, path, tfexec.JSONNumber(true))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("show %s: %w", path, err)
	}
	r.red.AddPlan(plan)
	after, err := fileSum(path)
	if err != nil {
		return nil, err
	}
	if after != sum {
		return nil, fmt.Errorf("%s: %w", path, ErrPlanModified)
	}
	r.plans[path] = &savedPlan{sum: sum}
	return plan, nil
}

// learnState adds the secrets of the current state, best effort.
func (r *Runner) learnState(ctx context.Context) {
	_ = r.quiet(func() error {
		st, err := r.tf.Show(ctx)
		if err == nil {
			r.red.AddState(st)
		}
		return err
	})
}

// Show returns the plan in planPath as JSON (terraform show -json), with
// its values in clear: that is what a classifier needs. Redact it
// (RedactPlan) before showing it to anyone. The plan's secrets are added
// to the runner's redactor.
//
// For a plan that this Runner produced, Show first checks that the file is
// unchanged (ErrPlanModified otherwise) and shows a private copy of the
// checked bytes, so the JSON describes exactly what ApplySaved would apply.
// Other plan files are shown as they are.
func (r *Runner) Show(ctx context.Context, planPath string) (*tfjson.Plan, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var plan *tfjson.Plan
	err := r.withPlanFile(planPath, false, func(p string) error {
		return r.quiet(func() (err error) {
			plan, err = r.tf.ShowPlanFile(ctx, p, tfexec.JSONNumber(true))
			return err
		})
	})
	if err != nil {
		return nil, r.fail("show "+planPath, err)
	}
	r.red.AddPlan(plan)
	return plan, nil
}

// ShowText returns the plan in planPath for people, fit for a pull-request
// comment: PlanText of the redacted plan JSON. It is not Terraform's human
// plan (terraform show), which prints sensitive values Terraform copied into
// unmarked attributes, whatever their length.
func (r *Runner) ShowText(ctx context.Context, planPath string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var plan *tfjson.Plan
	err := r.withPlanFile(planPath, false, func(p string) error {
		return r.quiet(func() (err error) {
			plan, err = r.tf.ShowPlanFile(ctx, p, tfexec.JSONNumber(true))
			return err
		})
	})
	if err != nil {
		return "", r.fail("show "+planPath, err)
	}
	return PlanText(r.red.RedactPlan(plan)), nil
}

// ShowState returns the current workspace's state as JSON (terraform show
// -json), values in clear; its secrets are added to the redactor.
func (r *Runner) ShowState(ctx context.Context) (*tfjson.State, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var st *tfjson.State
	err := r.quiet(func() (err error) {
		st, err = r.tf.Show(ctx)
		return err
	})
	if err != nil {
		return nil, r.fail("show state", err)
	}
	r.red.AddState(st)
	return st, nil
}

// ApplySaved applies the saved plan in planPath and nothing else
// (terraform apply -input=false -lock=true <planfile>). It refuses, before
// running anything:
//
//   - a path this Runner's Plan did not write, or that is not a regular
//     file now (a symlink, a directory): ErrPlanNotProduced;
//   - a file whose sha256 differs from what Plan recorded:
//     ErrPlanModified;
//   - a plan it already applied: ErrPlanApplied.
//
// Terraform is handed a private copy of the checked bytes, so the file
// cannot be swapped between the check and the apply. Output is streamed,
// redacted.
func (r *Runner) ApplySaved(ctx context.Context, planPath string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, err := r.version(ctx); err != nil {
		return err
	}
	stdout, stderr := r.red.Writer(r.opts.Stdout), r.red.Writer(r.opts.Stderr)
	ui := newUIWriter(stdout, stderr)
	err := r.withPlanFile(planPath, true, func(p string) error {
		r.tf.SetStderr(stderr)
		err := r.tf.ApplyJSON(ctx, ui, applyOptions(p, r.opts)...)
		r.tf.SetStdout(nil)
		r.tf.SetStderr(nil)
		ui.Flush()
		stdout.Flush()
		stderr.Flush()
		return err
	})
	if err != nil {
		return r.fail("apply "+planPath, ui.errorsOf(err))
	}
	r.plans[r.abs(planPath)].applied = true
	// Values computed during apply (a generated password, say) were not in
	// the plan; learn them from the new state for whatever is shown next.
	r.learnState(ctx)
	return nil
}

// withPlanFile checks planPath against the record of produced plans and
// calls fn with the path terraform should read: a private copy for a
// produced plan, planPath itself for a foreign one (only when
// mustBeProduced is false).
func (r *Runner) withPlanFile(planPath string, mustBeProduced bool, fn func(path string) error) error {
	path := r.abs(planPath)
	rec, ok := r.plans[path]
	if !ok {
		if mustBeProduced {
			return fmt.Errorf("%s: %w", path, ErrPlanNotProduced)
		}
		return fn(path)
	}
	if mustBeProduced && rec.applied {
		return fmt.Errorf("%s: %w", path, ErrPlanApplied)
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return fmt.Errorf("%s: %w: %w", path, ErrPlanNotProduced, err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file (%s): %w", path, fi.Mode().Type(), ErrPlanNotProduced)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if sha256.Sum256(data) != rec.sum {
		return fmt.Errorf("%s: %w", path, ErrPlanModified)
	}
	cp, err := privateCopy(r.copyDir(path), data)
	if err != nil {
		return fmt.Errorf("private plan copy: %w", err)
	}
	defer os.Remove(cp)
	return fn(cp)
}

// copyDir is where the private copy of the plan at path goes: Options.TempDir,
// or else the plan's own directory, so that a copy left behind by a process
// that was killed (SIGKILL runs no cleanup) stays as private as the plan
// and never lands in a shared temporary directory.
func (r *Runner) copyDir(path string) string {
	if r.tempDir != "" {
		return r.tempDir
	}
	return filepath.Dir(path)
}

// streamed runs fn with terraform's output going, redacted line by line,
// to Options.Stdout and Options.Stderr.
func (r *Runner) streamed(fn func() error) error {
	stdout := r.red.Writer(r.opts.Stdout)
	stderr := r.red.Writer(r.opts.Stderr)
	r.tf.SetStdout(stdout)
	r.tf.SetStderr(stderr)
	err := fn()
	r.tf.SetStdout(nil)
	r.tf.SetStderr(nil)
	stdout.Flush()
	stderr.Flush()
	return err
}

// quiet runs fn with stdout discarded (it is JSON that fn parses, with
// secrets in clear) and stderr streamed, redacted.
func (r *Runner) quiet(fn func() error) error {
	stderr := r.red.Writer(r.opts.Stderr)
	r.tf.SetStdout(nil)
	r.tf.SetStderr(stderr)
	err := fn()
	r.tf.SetStderr(nil)
	stderr.Flush()
	return err
}

func (r *Runner) writeRedacted(w io.Writer, b []byte) {
	if w == nil || len(b) == 0 {
		return
	}
	lw := r.red.Writer(w)
	lw.Write(b)
	lw.Flush()
}

// fail wraps a command error: it names the command and the directory, and
// redacts the message (terraform-exec appends terraform's stderr to it).
// The error still matches ctx errors and this package's sentinels with
// errors.Is.
func (r *Runner) fail(what string, err error) error {
	return &CommandError{Command: what, Dir: r.dir, err: err, msg: r.red.Redact(err.Error())}
}

func (r *Runner) abs(p string) string {
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.dir, p)
	}
	return filepath.Clean(p)
}

func fileSum(path string) ([sha256.Size]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	return sha256.Sum256(data), nil
}

// CommandError is a failed terraform command. Its message is redacted;
// errors.Is sees through it to the cause (context.Canceled,
// context.DeadlineExceeded, ErrPlanModified, …).
type CommandError struct {
	Command string // "plan", "apply /path/to/plan", …
	Dir     string
	err     error
	msg     string
}

func (e *CommandError) Error() string {
	return fmt.Sprintf("terraform %s in %s: %s", e.Command, e.Dir, e.msg)
}

// Unwrap returns the cause. Its own message is not redacted: print the
// CommandError, not the cause.
func (e *CommandError) Unwrap() error { return e.err }

// printfer adapts terraform-exec's logger to slog, redacting each line.
type printfer struct {
	red *Redactor
	log *slog.Logger
}

func (p printfer) Printf(format string, v ...any) {
	p.log.Debug(p.red.Redact(fmt.Sprintf(format, v...)))
}
