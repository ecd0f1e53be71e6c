package git

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os/exec"
	"strings"
	"time"
)

// fixedConfig goes before every command's arguments: automatic garbage
// collection never detaches into the background, where it would outlive
// the lock that orders the cache's users.
var fixedConfig = []string{"-c", "gc.autoDetach=false", "-c", "maintenance.autoDetach=false"}

// waitDelay bounds how long a cancelled git has to clean up its lock files
// (on SIGTERM) before it is killed.
const waitDelay = 10 * time.Second

// runner runs git commands with one environment and redacts what it says.
type runner struct {
	bin    string
	env    []string
	redact *redactor
	log    *slog.Logger
	// onExec, when set (by tests), sees every argv and environment built.
	onExec func(argv, env []string)
}

// call is one git command.
type call struct {
	dir   string   // where it runs: the repository or work tree (argv names it too)
	args  []string // after the fixed config
	stdin []byte
	env   []string // added to the runner's
}

// argv builds the command line of c: pure, and never holding a secret
// (tests assert that).
func (r *runner) argv(c call) []string {
	argv := make([]string, 0, 1+len(fixedConfig)+len(c.args))
	argv = append(argv, r.bin)
	argv = append(argv, fixedConfig...)
	return append(argv, c.args...)
}

// run runs c and returns its stdout. A failure is a *CommandError.
func (r *runner) run(ctx context.Context, c call) ([]byte, error) {
	argv := r.argv(c)
	env := r.env
	if len(c.env) > 0 {
		env = append(append([]string(nil), r.env...), c.env...)
	}
	if r.onExec != nil {
		r.onExec(argv, env)
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Dir = c.dir
	killGroupOnCancel(cmd)
	cmd.WaitDelay = waitDelay
	if c.stdin != nil {
		cmd.Stdin = bytes.NewReader(c.stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	shown := r.redact.args(c.args)
	start := time.Now()
	err := cmd.Run()
	r.log.LogAttrs(ctx, slog.LevelDebug, "git", slog.String("args", strings.Join(shown, " ")), slog.String("dir", c.dir),
		slog.Duration("took", time.Since(start)), slog.Bool("ok", err == nil))
	if err == nil {
		return stdout.Bytes(), nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		err = fmt.Errorf("%w: %w", ctxErr, err)
	}
	msg := strings.TrimSpace(r.redact.text(stderr.String()))
	if len(msg) > maxStderr {
		msg = "…" + msg[len(msg)-maxStderr:]
	}
	return stdout.Bytes(), &CommandError{Args: shown, Dir: c.dir, Stderr: msg, Err: err}
}

// output runs c and returns its stdout trimmed of surrounding whitespace.
func (r *runner) output(ctx context.Context, c call) (string, error) {
	out, err := r.run(ctx, c)
	return strings.TrimSpace(string(out)), err
}
