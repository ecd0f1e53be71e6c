package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/driftfix/driftfix/cloud/awslocal"
	"github.com/spf13/cobra"
)

type awslocalOptions struct {
	seed         string
	addr         string
	latency      time.Duration
	throttleRate float64
}

func (a *app) awslocalCmd() *cobra.Command {
	o := &awslocalOptions{}
	cmd := &cobra.Command{
		Use:   "awslocal --seed FILE [--addr 127.0.0.1:PORT]",
		Short: "Serve a local, wire-compatible AWS endpoint from a seed file (for tests and the demo)",
		Long: `awslocal serves the S3, EC2, IAM, STS, RDS and KMS calls driftfix makes — in the
real wire protocols, so the real AWS SDK works against it unchanged — from an
in-memory account loaded from a JSON seed file (see cloud/awslocal/seed.go for
the format: keys are Terraform types, fields the provider's attribute names).
Point driftfix at it with AWS_ENDPOINT_URL=http://ADDR (and any static
credentials). It runs until interrupted.`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{stopsOnInterrupt: "yes"},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.awslocal(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.seed, "seed", "", "the seed file (required)")
	fl.StringVar(&o.addr, "addr", "127.0.0.1:4566", "address to listen on (loopback)")
	fl.DurationVar(&o.latency, "latency", 0, "latency added to every call")
	fl.Float64Var(&o.throttleRate, "throttle-rate", 0, "fraction of calls answered with the service's throttling error")
	cmd.MarkFlagRequired("seed")
	return cmd
}

func (a *app) awslocal(ctx context.Context, o *awslocalOptions) error {
	seed, err := awslocal.LoadSeed(o.seed)
	if err != nil {
		return err
	}
	srv := awslocal.New(seed, awslocal.Options{Latency: o.latency, Throttle: awslocal.Fault{Rate: o.throttleRate}, Logger: a.log})
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(a.stdout, "awslocal: serving %s on http://%s (account %s)\n", o.seed, ln.Addr(), srv.AccountID())
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
		return nil
	case err := <-done:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}
