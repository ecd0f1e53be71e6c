package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/driftfix/driftfix/pipeline"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

// app is what every command shares: the output streams, the environment,
// the global flags and the logger they configure.
type app struct {
	stdout, stderr io.Writer
	getenv         func(string) string

	logLevel string
	noColor  bool
	log      *slog.Logger
}

// run runs the driftfix command line args and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr, getenv: os.Getenv, log: slog.New(slog.DiscardHandler)}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	return a.exitCode(ctx, cmd, err)
}

// stopsOnInterrupt marks a command (a server) whose normal end is Ctrl-C or
// SIGTERM: for it an interrupt is not an error.
const stopsOnInterrupt = "driftfix/stops-on-interrupt"

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "driftfix",
		Short: "Find and fix AWS misconfigurations in Terraform code",
		Long: `driftfix scans Terraform code (.tf and .tf.json, with its local modules) for AWS
misconfigurations and fixes what it can with exact edits that keep every comment
and the layout of the file.

Every command exits as terraform plan -detailed-exitcode does: 0 nothing to do,
1 an error (a usage error or an interrupt included), 2 something to do
(findings, changes, drift, a plan that needs review). Each command's help
says what the codes mean for it.`,
		Version:       versionString(),
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			level := a.logLevel
			if level == "" {
				level = a.getenv("DRIFTFIX_LOG")
			}
			log, err := newLogger(a.stderr, level)
			if err != nil {
				return err
			}
			a.log = log
			slog.SetDefault(log)
			return nil
		},
	}
	root.SetVersionTemplate("{{.Name}} {{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	pf := root.PersistentFlags()
	pf.StringVar(&a.logLevel, "log-level", "", "log level: debug, info, warn or error (default warn; env DRIFTFIX_LOG)")
	pf.BoolVar(&a.noColor, "no-color", false, "never colour the output (colour is used only on a terminal, and never when NO_COLOR is set)")
	root.AddCommand(a.scanCmd(), a.fixCmd(), a.planCmd(), a.applyCmd(), a.classifyCmd(), a.driftCmd(), a.keysCmd(), a.runCmd(), a.promoteCmd(), a.reportCmd(), a.serveCmd(), a.awslocalCmd(), a.versionCmd())
	root.SetHelpCommand(helpCmd())
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if _, ok := exitCodes[c.Name()]; ok {
			// every command's help ends with its exit codes, from one table
			if c.Long == "" {
				c.Long = c.Short + "."
			}
			c.Long = strings.TrimRight(c.Long, "\n") + exitHelp(c.Name())
		}
		if !c.Runnable() {
			// a command that only groups others (completion) would print
			// its help and exit 0 on any argument: make it check them
			c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
		}
		if check := c.Args; check != nil {
			// a wrong number of arguments is a usage error, whichever
			// validator found it
			c.Args = func(cmd *cobra.Command, args []string) error {
				if err := check(cmd, args); err != nil {
					return &usageError{err}
				}
				return nil
			}
		}
	}
	return root
}

// helpCmd is cobra's help command, except that an unknown topic is a usage
// error (exit 1) rather than a usage text and exit 0.
func helpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help provides help for any command: driftfix help COMMAND.",
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || cmd == nil || len(rest) > 0 {
				return &usageError{fmt.Errorf("unknown help topic %q", strings.Join(args, " "))}
			}
			cmd.InitDefaultHelpFlag()
			return cmd.Help()
		},
	}
}

// usageError is a mistake in the command line.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// exitCode turns the result of a command into the process exit code,
// printing the error, if any, on stderr. An interrupted command exits 1
// whatever it returned (its results may be partial), unless it is a server
// that stops that way.
func (a *app) exitCode(ctx context.Context, cmd *cobra.Command, err error) int {
	if ctx.Err() != nil && (cmd == nil || cmd.Annotations[stopsOnInterrupt] == "") {
		var ee *exitError
		said := ""
		if err != nil && !errors.Is(err, ctx.Err()) && !(errors.As(err, &ee) && ee.err == nil) {
			said = err.Error()
			fmt.Fprintf(a.stderr, "driftfix: %s\n", said)
		}
		if !strings.Contains(said, "interrupted") {
			fmt.Fprintln(a.stderr, "driftfix: interrupted")
		}
		return ExitError
	}
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(a.stderr, "driftfix: %v\n", ee.err)
		}
		return ee.code
	}
	fmt.Fprintf(a.stderr, "driftfix: %v\n", err)
	var ue *usageError
	var pue *pipeline.UsageError
	if errors.As(err, &ue) || errors.As(err, &pue) || isArgsError(err) {
		fmt.Fprintln(a.stderr, "Run 'driftfix --help' for usage.")
	}
	return ExitError
}

// isArgsError reports cobra's own command-line errors (unknown command,
// wrong number of arguments), which it returns as plain errors.
func isArgsError(err error) bool {
	var ae *argsError
	return errors.As(err, &ae) || strings.HasPrefix(err.Error(), "unknown command ")
}

// argsError wraps a positional-argument mistake.
type argsError struct{ err error }

func (e *argsError) Error() string { return e.err.Error() }

// maxOneDir accepts at most one argument: the directory.
func maxOneDir(cmd *cobra.Command, args []string) error {
	if len(args) > 1 {
		return &argsError{fmt.Errorf("%s takes at most one directory, got %d arguments", cmd.CommandPath(), len(args))}
	}
	return nil
}

// color reports whether output to w should be coloured: never with
// --no-color or NO_COLOR (any non-empty value, see no-color.org) or
// TERM=dumb; always with CLICOLOR_FORCE (non-empty, not "0"); otherwise only
// when w is a terminal.
func (a *app) color(w io.Writer) bool {
	if a.noColor || a.getenv("NO_COLOR") != "" || a.getenv("TERM") == "dumb" {
		return false
	}
	if v := a.getenv("CLICOLOR_FORCE"); v != "" && v != "0" {
		return true
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
