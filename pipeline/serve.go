package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/schedules"
	"github.com/driftfix/driftfix/server"
	"github.com/driftfix/driftfix/store"
	"github.com/driftfix/driftfix/webhook"
)

// ServeRequest is `driftfix serve`: the schedules of every project, and the
// HTTP server (dashboard, /metrics, /healthz).
type ServeRequest struct {
	// ConfigFile is driftfix.hcl ("" = the one in the working directory or
	// its nearest parent).
	ConfigFile string
	// Database and Listen override the config's server block.
	Database string
	Listen   string
	// Cloud says how the scheduled runs read AWS.
	Cloud CloudOptions
	// Replica names this process in leases (default host name and pid).
	Replica string
	// Ready is called with the address once the server listens and the
	// schedules run.
	Ready func(addr string)
	// Clock drives the schedules (nil: the system clock).
	Clock           schedules.Clock
	TerraformOutput io.Writer
	Logger          *slog.Logger
}

// StopTimeout is how long a stop waits for runs inside apply to finish.
var StopTimeout = 30 * time.Minute

// Serve runs every project's schedule until ctx is done, each scheduled
// tick once across the replicas sharing the store (a lease per project and
// tick), with the server's concurrency limit and jitter, and serves the
// dashboard. When ctx is done it starts no new run, cancels runs that have
// not reached apply, waits for runs inside apply, and returns nil.
func Serve(ctx context.Context, req ServeRequest) error {
	err := serveUntilDone(ctx, req)
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return nil // stopped before it was serving: a server stops that way
	}
	return err
}

func serveUntilDone(ctx context.Context, req ServeRequest) error {
	log := logger(req.Logger)
	cfgPath := req.ConfigFile
	if cfgPath == "" {
		var err error
		if cfgPath, err = config.FindUp("."); err != nil {
			return err
		}
		if cfgPath == "" {
			return errors.New("no driftfix.hcl here or above: serve runs the projects of a config (give --config)")
		}
	}
	cfg, err := LoadConfig(cfgPath, req.Logger)
	if err != nil {
		return err
	}
	root, err := filepath.Abs(filepath.Dir(cfgPath))
	if err != nil {
		return err
	}
	st, err := OpenStore(ctx, cfg, root, req.Database)
	if err != nil {
		return err
	}
	defer st.Close()
	replica := req.Replica
	if replica == "" {
		host, _ := os.Hostname()
		replica = host + "-" + strconv.Itoa(os.Getpid())
	}
	settings := cfg.Server()

	var sch *schedules.Scheduler // set below, before any run starts
	var jobs []schedules.Job
	for _, p := range cfg.Projects() {
		if p.Schedule == "" {
			continue
		}
		sched, err := config.ParseSchedule(p.Schedule)
		if err != nil {
			return fmt.Errorf("project %s: %w", p.Name, err)
		}
		name := p.Name
		jobs = append(jobs, schedules.Job{Name: name, Schedule: sched, Run: func(ctx context.Context, run *schedules.Run) error {
			rep, err := Run(ctx, RunRequest{
				Target:  Target{Project: name, ConfigFile: cfgPath, TerraformOutput: req.TerraformOutput, Logger: req.Logger},
				Trigger: store.TriggerSchedule, Store: st, Cloud: req.Cloud, Protect: run.Protect,
			})
			if err == nil && rep.Status == string(store.StatusFailed) {
				err = errors.New(rep.Error)
			}
			if rep != nil {
				// the most urgent open problem decides who goes first next time
				top := 0
				if len(rep.Top) > 0 {
					top = rep.Top[0].Priority
				}
				sch.SetPriority(name, top)
			}
			return err
		}})
	}
	sch, err = schedules.New(jobs, schedules.Options{
		MaxConcurrent: settings.Concurrency,
		MaxJitter:     settings.MaxJitter,
		Clock:         req.Clock,
		Acquire: func(ctx context.Context, job string, tick time.Time) (func(), bool, error) {
			// one lease per project and tick, never released: a replica that
			// reaches the tick later finds it taken
			ok, err := st.AcquireLease(ctx, fmt.Sprintf("schedule/%s/%d", job, tick.Unix()), replica, 7*24*time.Hour)
			return nil, ok, err
		},
		Observer: schedules.Observer{
			OnStart: func(job string, tick time.Time) { log.Info("scheduled run", "project", job, "tick", tick) },
			OnFinish: func(job string, tick time.Time, err error) {
				if err != nil {
					log.Warn("scheduled run failed", "project", job, "tick", tick, "err", err)
				}
			},
			OnSkip: func(job string, tick time.Time, reason schedules.Reason, err error) {
				if reason == schedules.ReasonTakenElsewhere {
					return // another replica runs it and records it
				}
				why := fmt.Sprintf("the %s tick was skipped: %s", tick.UTC().Format(time.RFC3339), reason)
				if err != nil {
					why += ": " + err.Error()
				}
				if _, err := st.SkipRun(context.Background(), job, store.TriggerSchedule, why); err != nil {
					log.Warn("could not record a skipped tick", "project", job, "err", err)
				}
			},
		},
	})
	if err != nil {
		return err
	}
	// until a run says otherwise, a project is as urgent as its most
	// urgent open finding in the history
	for _, j := range jobs {
		open, err := st.OpenFindings(ctx, j.Name)
		if err != nil {
			return err
		}
		top := 0
		for _, f := range open {
			top = max(top, f.Priority)
		}
		sch.SetPriority(j.Name, top)
	}

	listen := req.Listen
	if listen == "" {
		listen = settings.Listen
	}
	handler, err := server.New(server.Options{Store: st, Logger: req.Logger})
	if err != nil {
		return err
	}
	workers, err := pullRequestWebhooks(cfg, root, st, handler, replica, req)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("serving", "addr", ln.Addr().String(), "projects", len(jobs))
	sch.Start()
	if workers != nil {
		if err := workers.Start(ctx); err != nil {
			return err
		}
	}
	if req.Ready != nil {
		req.Ready(ln.Addr().String())
	}

	select {
	case <-ctx.Done():
	case err := <-served:
		sch.Stop(context.Background())
		if workers != nil {
			workers.Stop(context.Background())
		}
		return err
	}
	log.Info("stopping: no new runs; runs inside apply finish")
	stopCtx, cancel := context.WithTimeout(context.Background(), StopTimeout)
	defer cancel()
	stopErr := sch.Stop(stopCtx)
	if workers != nil {
		// an event being worked on finishes; the others stay queued in the
		// store for the next start
		stopErr = errors.Join(stopErr, workers.Stop(stopCtx))
	}
	shutCtx, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return stopErr
}

// pullRequestWebhooks mounts the webhook receiver (POST /webhooks/github)
// on the server and returns the workers that work its events off, when the
// config has a webhooks block (nil otherwise). Without a secret it refuses
// to start: nobody else may post events.
func pullRequestWebhooks(cfg *config.Config, root string, st *store.Store, srv *server.Server, replica string, req ServeRequest) (*webhook.Workers, error) {
	hooks, ok := cfg.Webhooks()
	if !ok {
		return nil, nil
	}
	file := hooks.SecretFile
	if file != "" && !filepath.IsAbs(file) {
		file = filepath.Join(root, file)
	}
	secret, err := webhook.LoadSecret(hooks.SecretEnv, file)
	if err != nil {
		return nil, err
	}
	prs, err := newPullRequests(cfg, root, st, req.TerraformOutput, req.Logger)
	if err != nil {
		return nil, err
	}
	workers, err := webhook.NewWorkers(webhook.WorkerOptions{
		Queue: st, Dispatcher: prs, Workers: hooks.Workers, BotLogin: hooks.BotLogin, Name: replica, Logger: req.Logger,
	})
	if err != nil {
		return nil, err
	}
	h, err := webhook.NewHandler(webhook.HandlerOptions{
		Secret: secret, Repositories: []string{prs.fullName}, Store: st, BotLogin: hooks.BotLogin,
		Queued: workers.Wake, Counters: srv, Logger: req.Logger,
	})
	if err != nil {
		return nil, err
	}
	srv.Handle("POST "+webhook.Path, h)
	return workers, nil
}
