package git

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// httpRemote serves rem over smart HTTP with git http-backend, and lets
// in only user with token (HTTP Basic), as a hosted git server does with
// an access token. It returns the repository's URL and counters of the
// requests it refused and served.
func httpRemote(t *testing.T, rem *remote, user, token string) (url string, refused, served *atomic.Int32) {
	t.Helper()
	backend := &cgi.Handler{
		Path: filepath.Join(gitT(t, "", "--exec-path"), "git-http-backend"),
		Root: "/git",
		Env: []string{
			"GIT_PROJECT_ROOT=" + filepath.Dir(rem.bare), "GIT_HTTP_EXPORT_ALL=1",
			"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "REMOTE_USER=" + user,
		},
		Stderr: io.Discard, // upload-pack's "not our ref" for the missing commit a case asks for
	}
	refused, served = new(atomic.Int32), new(atomic.Int32)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != user || p != token {
			refused.Add(1)
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		}
		served.Add(1)
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/git/" + filepath.Base(rem.bare), refused, served
}

func randomToken(t *testing.T) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return "ghs_" + hex.EncodeToString(b[:])
}

// TestCredentialsNeverShown runs with a token from each source against an
// HTTP remote that checks it, and with wrong or missing tokens, and finds
// no token in any argv built, log line, error or file written.
func TestCredentialsNeverShown(t *testing.T) {
	token, wrong := randomToken(t), randomToken(t)
	tests := []struct {
		name  string
		setup func(t *testing.T, o *Options, url string)
		ok    bool
	}{
		{"token from the environment", func(t *testing.T, o *Options, url string) {
			t.Setenv("DRIFTFIX_TEST_TOKEN", token)
			o.URL, o.Credentials.TokenEnv = url, "DRIFTFIX_TEST_TOKEN"
		}, true},
		{"token from a file", func(t *testing.T, o *Options, url string) {
			f := filepath.Join(t.TempDir(), "token")
			os.WriteFile(f, []byte(token+"\n"), 0o600)
			o.URL, o.Credentials.TokenFile = url, f
		}, true},
		{"token in the URL", func(t *testing.T, o *Options, url string) {
			o.URL = strings.Replace(url, "http://", "http://x-access-token:"+token+"@", 1)
		}, true},
		{"wrong token from the environment", func(t *testing.T, o *Options, url string) {
			t.Setenv("DRIFTFIX_TEST_TOKEN", wrong)
			o.URL, o.Credentials.TokenEnv = url, "DRIFTFIX_TEST_TOKEN"
		}, false},
		{"wrong token in the URL", func(t *testing.T, o *Options, url string) {
			o.URL = strings.Replace(url, "http://", "http://x-access-token:"+wrong+"@", 1)
		}, false},
		{"no token", func(t *testing.T, o *Options, url string) { o.URL = url }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			rem := newRemote(t)
			url, refused, served := httpRemote(t, rem, "x-access-token", token)
			opts := testOptions(t, "")
			tt.setup(t, &opts, url)
			var logs bytes.Buffer
			opts.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			var execs execLog
			opts.onExec = execs.record

			var errs []string
			r, err := Open(ctx, opts)
			if err != nil {
				errs = append(errs, err.Error())
			}
			switch {
			case tt.ok && err != nil:
				t.Fatalf("Open: %v", err)
			case !tt.ok && err == nil:
				t.Fatalf("Open succeeded with a bad token (refused %d, served %d)", refused.Load(), served.Load())
			case !tt.ok:
				if !strings.Contains(err.Error(), "git --git-dir=") || !strings.Contains(err.Error(), " fetch ") {
					t.Errorf("the error does not say which git command failed: %v", err)
				}
			case tt.ok:
				// a whole run over HTTP: lazy blob fetches for the work tree, a push
				w, err := r.Worktree(ctx, "")
				if err != nil {
					t.Fatal(err)
				}
				defer w.Close(ctx)
				branch := BranchName("creds", opts.Now(), "t0k")
				if err := w.NewBranch(ctx, branch); err != nil {
					t.Fatal(err)
				}
				write(t, w.Dir(), map[string]string{"a.txt": "over http\n"})
				sha, err := w.Commit(ctx, []string{"a.txt"}, "over http")
				if err != nil {
					t.Fatal(err)
				}
				if err := w.Push(ctx, branch, PushOptions{ForceWithLease: true}); err != nil {
					t.Fatal(err)
				}
				if got := rem.sha(t, "refs/heads/"+branch); got != sha {
					t.Errorf("remote %s = %q, want %s", branch, got, sha)
				}
				if refused.Load() == 0 {
					t.Errorf("the server never asked for credentials: the test did not exercise them")
				}
				// and an error on the way out: a branch that is not there
				if _, err := r.Resolve(ctx, strings.Repeat("f", 40)); err != nil {
					errs = append(errs, err.Error())
				} else {
					t.Errorf("Resolve of a missing commit succeeded")
				}
				if got := gitT(t, r.gitDir, "config", "remote.origin.url"); strings.Contains(got, "@") {
					t.Errorf("the cache's remote URL holds credentials: %s", got)
				}
			}

			secrets := []string{token, wrong}
			for _, s := range secrets {
				for i, argv := range execs.argv {
					if strings.Contains(strings.Join(argv, " "), s) {
						t.Errorf("argv %q holds a token", argv)
					}
					for _, kv := range execs.env[i] {
						if strings.Contains(kv, s) && !strings.HasPrefix(kv, envPassword+"=") {
							t.Errorf("environment variable %s holds a token", strings.SplitN(kv, "=", 2)[0])
						}
					}
				}
				if strings.Contains(logs.String(), s) {
					t.Errorf("the log holds a token:\n%s", logs.String())
				}
				for _, e := range errs {
					if strings.Contains(e, s) {
						t.Errorf("an error holds a token: %s", e)
					}
				}
				for _, dir := range []string{opts.CacheDir, opts.WorkDir} {
					filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
						if err == nil && d.Type().IsRegular() {
							if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(s)) {
								t.Errorf("%s holds a token", p)
							}
						}
						return nil
					})
				}
			}
			if len(execs.argv) == 0 || !strings.Contains(logs.String(), "args=") {
				t.Errorf("no git command was recorded or logged: the checks above checked nothing")
			}
		})
	}
}

// TestHostConfigCannotInterfere gives git a hostile home, XDG config and
// environment: none of it may change what is fetched, committed or pushed.
func TestHostConfigCannotInterfere(t *testing.T) {
	ctx := context.Background()
	rem := newRemote(t)
	home := t.TempDir()
	hooks := filepath.Join(home, "hooks")
	for _, h := range []string{"post-checkout", "pre-push", "reference-transaction", "pre-commit", "commit-msg"} {
		write(t, hooks, map[string]string{h: "#!/bin/sh\necho hostile hook ran >&2\nexit 1\n"})
		os.Chmod(filepath.Join(hooks, h), 0o755)
	}
	hostile := "[user]\n\tname = Host User\n\temail = host@example.com\n" +
		"[url \"/nonexistent/\"]\n\tinsteadOf = " + filepath.Dir(rem.bare) + "/\n" +
		"[core]\n\thooksPath = " + hooks + "\n" +
		"[commit]\n\tgpgSign = true\n" +
		"[init]\n\tdefaultBranch = hostile\n"
	write(t, home, map[string]string{".gitconfig": hostile, "xdg/git/config": hostile})
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "xdg"))
	t.Setenv("GIT_DIR", "/nonexistent")
	t.Setenv("GIT_WORK_TREE", "/nonexistent")
	t.Setenv("GIT_INDEX_FILE", "/nonexistent/index")
	t.Setenv("GIT_AUTHOR_NAME", "Host Env")
	t.Setenv("GIT_COMMITTER_EMAIL", "host-env@example.com")
	t.Setenv("GIT_CONFIG_PARAMETERS", "'core.hooksPath'='"+hooks+"'")
	t.Setenv("GIT_CONFIG_COUNT", "1")
	t.Setenv("GIT_CONFIG_KEY_0", "commit.gpgSign")
	t.Setenv("GIT_CONFIG_VALUE_0", "true")

	opts := testOptions(t, rem.bare)
	r := openT(t, opts)
	w := worktreeT(t, r, "")
	branch := BranchName("isolated", opts.Now(), "1")
	if err := w.NewBranch(ctx, branch); err != nil {
		t.Fatal(err)
	}
	write(t, w.Dir(), map[string]string{"a.txt": "isolated\n"})
	sha, err := w.Commit(ctx, []string{"a.txt"}, "isolated")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Push(ctx, branch, PushOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := rem.sha(t, "refs/heads/"+branch); got != sha {
		t.Errorf("remote %s = %q, want %s", branch, got, sha)
	}
	got := gitT(t, r.gitDir, "log", "-1", "--format=%an <%ae> / %cn <%ce>", sha)
	if want := "Drift Fixer <bot@driftfix.example> / Driftfix CI <ci@driftfix.example>"; got != want {
		t.Errorf("identity = %q, want %q", got, want)
	}
}
