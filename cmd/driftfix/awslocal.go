package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/driftfix/driftfix/cloud/awslocal"
	"github.com/spf13/cobra"
)

type awslocalOptions struct {
	seed         string
	addr         string
	latency      time.Duration
	throttleRate float64
	noAuth       bool
}

func (a *app) awslocalCmd() *cobra.Command {
	o := &awslocalOptions{}
	cmd := &cobra.Command{
		Use:   "awslocal --seed FILE [--addr [HOST]:PORT] [--no-auth]",
		Short: "Serve a local, wire-compatible AWS endpoint from a seed file (for tests and the demo)",
		Long: `awslocal serves the S3, EC2, IAM, STS, RDS and KMS calls driftfix makes — in the
real wire protocols, so the real AWS SDK works against it unchanged — from an
in-memory account loaded from a JSON seed file (see cloud/awslocal/seed.go for
the format: keys are Terraform types, fields the provider's attribute names).
Point driftfix at it with AWS_ENDPOINT_URL=http://ADDR (and any static
credentials). It runs until interrupted.

It listens on the loopback interface unless --addr names another host, and
answers only SigV4-signed requests (any credentials; the signature is not
checked), as AWS does; --no-auth accepts unsigned ones. A seed file with a
mistake (an unknown resource type or attribute, a value of the wrong type, a
missing required attribute) is refused with its file:line:column.`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{stopsOnInterrupt: "yes"},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.awslocal(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.seed, "seed", "", "the seed file (required)")
	fl.StringVar(&o.addr, "addr", "127.0.0.1:4566", "address to listen on; without a host (:PORT) the loopback interface")
	fl.DurationVar(&o.latency, "latency", 0, "latency added to every call")
	fl.Float64Var(&o.throttleRate, "throttle-rate", 0, "fraction of calls answered with the service's throttling error")
	fl.BoolVar(&o.noAuth, "no-auth", false, "accept requests without a SigV4 signature")
	cmd.MarkFlagRequired("seed")
	return cmd
}

// listenAddr is the address to listen on: an address without a host
// (":4566", "4566") is on the loopback interface. loopback reports whether
// it stays on this machine.
func listenAddr(s string) (addr string, loopback bool, err error) {
	if !strings.Contains(s, ":") {
		s = ":" + s
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", false, fmt.Errorf("--addr %q: %v", s, err)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return "", false, fmt.Errorf("--addr %q: the port must be a number from 0 to 65535", s)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	loopback = host == "localhost" || (ip != nil && ip.IsLoopback())
	return net.JoinHostPort(host, port), loopback, nil
}

func (a *app) awslocal(ctx context.Context, o *awslocalOptions) error {
	addr, loopback, err := listenAddr(o.addr)
	if err != nil {
		return &usageError{err}
	}
	if o.throttleRate < 0 || o.throttleRate > 1 {
		return &usageError{fmt.Errorf("--throttle-rate must be between 0 and 1")}
	}
	seed, err := awslocal.LoadSeed(o.seed)
	if err != nil {
		return err
	}
	srv := awslocal.New(seed, awslocal.Options{Latency: o.latency, Throttle: awslocal.Fault{Rate: o.throttleRate}, Logger: a.log, NoAuth: o.noAuth})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if !loopback {
		fmt.Fprintf(a.stderr, "awslocal: listening on %s, beyond this machine: anyone who can reach it can read the seeded account\n", ln.Addr())
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
