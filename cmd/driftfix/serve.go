package main

import (
	"github.com/driftfix/driftfix/pipeline"
	"github.com/spf13/cobra"
)

func (a *app) serveCmd() *cobra.Command {
	req := &pipeline.ServeRequest{}
	cmd := &cobra.Command{
		Use:   "serve [--config FILE]",
		Short: "Run every project's schedule, answer pull-request webhooks, and serve the dashboard, /metrics and /healthz",
		Long: `serve runs the full cycle of driftfix run for every project of driftfix.hcl that
has a schedule, on that schedule, until it is stopped (Ctrl-C, SIGTERM), and
serves the dashboard (/), Prometheus metrics (/metrics) and /healthz on
server { listen } (default 127.0.0.1:8080).

Each project gets a fixed jitter (up to server { max_jitter }) derived from
its name; a tick that comes while the project's previous run is still going is
skipped, and the skip is recorded; at most server { concurrency } runs go at
once. Replicas that share a PostgreSQL store run each tick once (a lease per
project and tick). On stop, no new run starts, runs before their apply are
cancelled cleanly, and runs inside apply finish.

With a webhooks block, serve also answers GitHub's webhooks at
POST /webhooks/github for the repository block's GitHub repository: pull
requests are planned and commented when they open or change, and comments
run driftfix plan, apply, unlock and help, under the apply requirements, the
policy gate and per-directory locks. It refuses to start without the
webhook secret (default $DRIFTFIX_WEBHOOK_SECRET).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r := *req
			r.TerraformOutput, r.Logger = a.stderr, a.log
			return planErr(pipeline.Serve(cmd.Context(), r))
		},
		Annotations: map[string]string{stopsOnInterrupt: "true"},
	}
	fl := cmd.Flags()
	fl.StringVar(&req.ConfigFile, "config", "", "driftfix.hcl to read (default: the one in the working directory or the nearest parent)")
	fl.StringVar(&req.Database, "db", "", "the run history: a SQLite file or postgres://… (default: server { database }; env DRIFTFIX_DATABASE)")
	fl.StringVar(&req.Listen, "listen", "", "HOST:PORT to serve on (default: server { listen })")
	fl.BoolVar(&req.Cloud.Skip, "no-drift", false, "do not read AWS in the scheduled runs")
	fl.StringSliceVar(&req.Cloud.Regions, "region", nil, "AWS regions the runs read")
	fl.StringVar(&req.Cloud.Endpoint, "endpoint", "", "send every AWS call to this endpoint")
	return cmd
}
