package github_test

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/driftfix/driftfix/vcs/github"
	"github.com/driftfix/driftfix/vcs/github/githublocal"
)

// testToken is the token every test client holds; no error or log line
// may show it.
const testToken = "ghp_SECRETtoken0123456789abcdefghijklmn"

const owner, repoName = "acme", "infra"

// epoch is the clock of the tests.
var epoch = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// env is a local GitHub with one repository and a client for it.
type env struct {
	t      *testing.T
	srv    *githublocal.Server
	http   *httptest.Server
	client *github.Client
	repo   *github.Repo
	opts   github.Options

	mu     sync.Mutex
	sleeps []time.Duration
	logs   bytes.Buffer
	paths  []string // raw request paths, as the client sent them
}

// newEnv starts the endpoint and a client that reads the token from a
// file and talks to it as to a GitHub Enterprise server; change adjusts
// the client's options.
func newEnv(t *testing.T, change ...func(*github.Options)) *env {
	t.Helper()
	e := &env{t: t, srv: githublocal.New()}
	e.srv.SetClock(func() time.Time { return epoch })
	e.srv.AddToken(testToken, "driftfix-bot")
	e.srv.AddRepo(owner, repoName, "main")
	e.http = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.paths = append(e.paths, r.URL.Path)
		e.mu.Unlock()
		e.srv.ServeHTTP(w, r)
	}))
	t.Cleanup(e.http.Close)
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(testToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.opts = github.Options{
		BaseURL:   e.http.URL,
		TokenFile: tokenFile,
		Logger:    slog.New(slog.NewTextHandler(lockedWriter{&e.mu, &e.logs}, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Sleep: func(ctx context.Context, d time.Duration) error {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.sleeps = append(e.sleeps, d)
			return ctx.Err()
		},
		Now: func() time.Time { return epoch },
	}
	for _, f := range change {
		f(&e.opts)
	}
	c, err := github.New(e.opts)
	if err != nil {
		t.Fatal(err)
	}
	e.client, e.repo = c, c.Repo(owner, repoName)
	t.Cleanup(func() { e.assertNoToken(e.logText(), "the log") })
	return e
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (e *env) logText() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.logs.String()
}

func (e *env) slept() []time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]time.Duration(nil), e.sleeps...)
}

// assertNoToken fails when s holds the token (or a tell-tale piece of it).
func (e *env) assertNoToken(s, where string) {
	e.t.Helper()
	if strings.Contains(s, testToken) || strings.Contains(s, "SECRETtoken") {
		e.t.Errorf("%s shows the token: %s", where, s)
	}
}

// branch makes a branch at a commit of its own (named after it) and
// returns the commit.
func (e *env) branch(name string) string {
	sum := sha1.Sum([]byte(name))
	sha := hex.EncodeToString(sum[:])
	e.srv.SetBranch(owner, repoName, name, sha)
	return sha
}

// count is how many requests matched "METHOD /path" (a prefix).
func (e *env) count(prefix string) int {
	n := 0
	for _, r := range e.srv.Requests() {
		if strings.HasPrefix(r, prefix) {
			n++
		}
	}
	return n
}

// open is EnsurePullRequest with the test repository filled in.
func (e *env) open(pr github.PullRequest) (int, string) {
	e.t.Helper()
	pr.Owner, pr.Repo = owner, repoName
	if pr.Base == "" {
		pr.Base = "main"
	}
	if pr.Title == "" {
		pr.Title = "driftfix: fixes for " + pr.Project
	}
	n, url, err := e.client.EnsurePullRequest(context.Background(), pr)
	if err != nil {
		e.t.Fatalf("EnsurePullRequest(%s): %v", pr.Head, err)
	}
	return n, url
}
