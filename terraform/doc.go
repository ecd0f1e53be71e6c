// Package terraform drives a real Terraform binary for driftfix: it finds
// or installs the binary (Ensure), runs init, workspace selection, plan,
// show and apply in one working directory (Runner), and keeps sensitive
// values out of everything that leaves the process (Redactor).
//
// # Safety
//
// Runner.ApplySaved applies only a saved plan file that the same Runner
// wrote with Plan, unchanged since (its sha256 is recorded), and it never
// plans anew: what was shown and classified is what is applied. Show of
// such a plan reads the same checked bytes.
//
// # A run
//
//	req, err := terraform.RequiredVersion(dir)
//	bin, _, err := terraform.Ensure(ctx, terraform.InstallOptions{Constraints: req, SearchDirs: []string{filepath.Join(repo, "bin")}})
//	r, err := terraform.New(dir, bin, terraform.Options{Stdout: os.Stdout, Stderr: os.Stderr, VarFiles: files})
//	err = r.Init(ctx)
//	err = r.SelectWorkspace(ctx, "prod")
//	changes, err := r.Plan(ctx, "driftfix.tfplan", terraform.PlanOptions{})
//	plan, err := r.Show(ctx, "driftfix.tfplan")     // values in clear: classify this
//	text, err := r.ShowText(ctx, "driftfix.tfplan") // redacted: post this
//	err = r.ApplySaved(ctx, "driftfix.tfplan")      // only if the gate allows it
//
// Errors from a Runner are *CommandError values (redacted messages);
// errors.Is sees ErrPlanNotProduced, ErrPlanModified, ErrPlanApplied and
// context.Canceled / context.DeadlineExceeded through them.
//
// # Cancellation
//
// Every method that runs terraform takes a context. On cancel,
// terraform-exec v0.26 (tfexec/cmd.go, cmd_linux.go) sends terraform
// SIGINT through exec.Cmd.Cancel, which is Terraform's graceful stop: it
// stops starting new operations, lets providers and provisioners stop,
// and writes its state. Only when terraform has not exited
// Options.InterruptGrace later (exec.Cmd.WaitDelay) is it killed. On
// Linux terraform also runs in its own process group (so a terminal's
// Ctrl-C reaches it only through driftfix's context, never twice), and
// with Pdeathsig SIGKILL (it dies if driftfix dies).
//
// # Secrets
//
// Terraform's JSON holds sensitive values in clear, and Terraform 1.5.7
// prints some of them in the human plan as well. So the Runner never passes
// Terraform's human plan on: plan and apply run with -json and their
// messages are rendered without values (uiWriter), and the plan is shown
// as PlanText of the structurally redacted JSON (RedactPlan). The Runner's
// output (Options.Stdout/Stderr), its log lines and its error messages pass
// through its Redactor, which learns the secrets of every plan and state
// the Runner reads; the output of Plan is held back until the new plan's
// secrets are known. Show and ShowState return values in clear, for
// classification: pass them through RedactPlan (or Redactor.Redact)
// before showing them to anyone.
//
// A saved plan file is made 0600; the private copy that Show and
// ApplySaved hand to terraform is made next to it (Options.TempDir), so
// that a copy left by a killed process is as private as the plan.
package terraform
