package github_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/vcs/github"
	"github.com/driftfix/driftfix/vcs/github/githublocal"
)

func TestRateLimitRetry(t *testing.T) {
	secondaryNoTime := githublocal.SecondaryRateLimit(0)
	secondaryNoTime.Header = nil
	secondaryReset := githublocal.SecondaryRateLimit(0)
	secondaryReset.Header = map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.FormatInt(epoch.Add(20*time.Second).Unix(), 10)}
	serverError := githublocal.Fault{Status: http.StatusBadGateway, Message: "Server Error"}
	tests := []struct {
		name   string
		faults []githublocal.Fault
		maxW   time.Duration
		sleeps []time.Duration
		err    []string
	}{
		{name: "primary limit: wait for the reset", faults: []githublocal.Fault{githublocal.PrimaryRateLimit(epoch.Add(30 * time.Second))},
			sleeps: []time.Duration{31 * time.Second}},
		{name: "secondary limit: Retry-After", faults: []githublocal.Fault{githublocal.SecondaryRateLimit(5 * time.Second)},
			sleeps: []time.Duration{5 * time.Second}},
		{name: "429: Retry-After", faults: []githublocal.Fault{githublocal.TooManyRequests(2 * time.Second)},
			sleeps: []time.Duration{2 * time.Second}},
		{name: "secondary limit without a time: a minute", faults: []githublocal.Fault{secondaryNoTime},
			sleeps: []time.Duration{time.Minute}},
		{name: "secondary limit with a reset time", faults: []githublocal.Fault{secondaryReset},
			sleeps: []time.Duration{21 * time.Second}},
		{name: "several in a row", faults: []githublocal.Fault{githublocal.SecondaryRateLimit(time.Second), githublocal.TooManyRequests(3 * time.Second), githublocal.PrimaryRateLimit(epoch.Add(9 * time.Second))},
			sleeps: []time.Duration{time.Second, 3 * time.Second, 10 * time.Second}},
		{name: "a reset past the bound fails at once", faults: []githublocal.Fault{githublocal.PrimaryRateLimit(epoch.Add(time.Hour))},
			err: []string{`set status "driftfix/plan: prod" on acme/infra@`, "HTTP 403", "API rate limit exceeded", "GitHub asks to wait 1h0m1s", "at most 2m0s"}},
		{name: "more limits than retries", faults: []githublocal.Fault{githublocal.SecondaryRateLimit(time.Second), githublocal.SecondaryRateLimit(time.Second), githublocal.SecondaryRateLimit(time.Second), githublocal.SecondaryRateLimit(time.Second)},
			sleeps: []time.Duration{time.Second, time.Second, time.Second}, err: []string{"HTTP 403", "secondary rate limit", "has waited 3s"}},
		{name: "the total wait is bounded", maxW: 2 * time.Minute, faults: []githublocal.Fault{githublocal.SecondaryRateLimit(50 * time.Second), githublocal.SecondaryRateLimit(50 * time.Second), githublocal.SecondaryRateLimit(50 * time.Second)},
			sleeps: []time.Duration{50 * time.Second, 50 * time.Second}, err: []string{"HTTP 403", "GitHub asks to wait 50s", "has waited 1m40s"}},
		{name: "a server error is not retried", faults: []githublocal.Fault{serverError}, err: []string{"HTTP 502", "Server Error"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, func(o *github.Options) { o.MaxRateLimitWait = tc.maxW })
			sha := e.branch("b")
			for i := range tc.faults {
				tc.faults[i].Match = "POST /repos/acme/infra/statuses/"
			}
			e.srv.FailNext(tc.faults...)
			err := e.repo.SetStatus(context.Background(), sha, "driftfix/plan: prod", github.StateSuccess, "ok", "")
			if s := e.slept(); !slices.Equal(s, tc.sleeps) {
				t.Errorf("waited %v, want %v", s, tc.sleeps)
			}
			if tc.err == nil {
				if err != nil {
					t.Fatal(err)
				}
				if n := len(e.srv.Statuses(owner, repoName, sha)); n != 1 {
					t.Errorf("%d statuses, want 1", n)
				}
				if len(tc.sleeps) > 0 && !strings.Contains(e.logText(), "rate limited") {
					t.Errorf("the wait is not logged: %s", e.logText())
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.err {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			e.assertNoToken(err.Error(), "the error")
		})
	}
}

// TestRateLimitedOpenDoesNotDuplicate retries a rate-limited POST that
// opens a pull request: GitHub did nothing, so one pull request results.
func TestRateLimitedOpenDoesNotDuplicate(t *testing.T) {
	e := newEnv(t)
	e.branch("b")
	f := githublocal.SecondaryRateLimit(3 * time.Second)
	f.Match = "POST /repos/acme/infra/pulls"
	e.srv.FailNext(f)
	e.open(github.PullRequest{Project: "prod", Head: "b"})
	if n := len(e.srv.Pulls(owner, repoName)); n != 1 {
		t.Errorf("%d pull requests, want 1", n)
	}
	if c := e.count("POST /repos/acme/infra/pulls"); c != 2 {
		t.Errorf("%d POSTs, want 2 (the limited one and its retry)", c)
	}
}

// TestRateLimitWaitCancelled stops a wait with the context.
func TestRateLimitWaitCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	e := newEnv(t, func(o *github.Options) {
		o.Sleep = func(context.Context, time.Duration) error { cancel(); return ctx.Err() }
	})
	sha := e.branch("b")
	e.srv.FailNext(githublocal.SecondaryRateLimit(time.Second))
	err := e.repo.SetStatus(ctx, sha, "c", github.StatePending, "", "")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
