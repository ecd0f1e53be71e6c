package github_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/driftfix/driftfix/vcs/github"
)

func TestTokenSources(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	empty := filepath.Join(dir, "empty")
	os.WriteFile(good, []byte("  "+testToken+"\n\n"), 0o600)
	os.WriteFile(empty, []byte(" \n"), 0o600)
	t.Setenv("DRIFTFIX_TEST_GH_TOKEN", testToken)
	t.Setenv("DRIFTFIX_TEST_GH_EMPTY", "")
	tests := []struct {
		name string
		opts github.Options
		err  string // "" opens a pull request as driftfix-bot
	}{
		{name: "environment", opts: github.Options{TokenEnv: "DRIFTFIX_TEST_GH_TOKEN"}},
		{name: "file", opts: github.Options{TokenFile: good}},
		{name: "unset variable", opts: github.Options{TokenEnv: "DRIFTFIX_TEST_GH_UNSET"}, err: "environment variable DRIFTFIX_TEST_GH_UNSET holding the token is empty or unset"},
		{name: "empty variable", opts: github.Options{TokenEnv: "DRIFTFIX_TEST_GH_EMPTY"}, err: "DRIFTFIX_TEST_GH_EMPTY holding the token is empty"},
		{name: "missing file", opts: github.Options{TokenFile: filepath.Join(dir, "nope")}, err: "reading the token file: open " + filepath.Join(dir, "nope")},
		{name: "empty file", opts: github.Options{TokenFile: empty}, err: "the token file " + empty + " is empty"},
		{name: "two sources", opts: github.Options{TokenFile: good, TokenEnv: "DRIFTFIX_TEST_GH_TOKEN"}, err: "set exactly one of TokenEnv, TokenFile and App"},
		{name: "no source", opts: github.Options{}, err: "set exactly one of TokenEnv, TokenFile and App"},
		{name: "not a URL", opts: github.Options{TokenFile: good, BaseURL: "ghe.example.com"}, err: `base URL "ghe.example.com" is not an http(s) address`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.branch("b")
			o := tc.opts
			if o.BaseURL == "" {
				o.BaseURL = e.http.URL
			}
			c, err := github.New(o)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				e.assertNoToken(err.Error(), "the error")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := c.EnsurePullRequest(context.Background(), github.PullRequest{Owner: owner, Repo: repoName, Head: "b", Base: "main", Title: "t"}); err != nil {
				t.Fatal(err)
			}
			if p, _ := e.srv.Pull(owner, repoName, 1); p.User != "driftfix-bot" {
				t.Errorf("opened by %q", p.User)
			}
		})
	}
}

// TestTokenNeverInErrors makes calls fail in ways that could carry the
// token: GitHub refusing it, and a server (or proxy) that echoes the
// request's Authorization header in its message. No error shows it.
func TestTokenNeverInErrors(t *testing.T) {
	tests := []struct {
		name  string
		token string // the client's token ("" the known one)
		echo  bool
		want  []string
	}{
		{name: "bad credentials", token: "ghp_SECRETtokenTHATgithubDOESNOTknow", want: []string{"HTTP 401", "Bad credentials", "set status"}},
		{name: "a server echoing the header", echo: true, want: []string{"HTTP 400", "Bearer [redacted]", "set status"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			sha := e.branch("b")
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.echo {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusBadRequest)
					json.NewEncoder(w).Encode(map[string]string{"message": "unexpected header Authorization: " + r.Header.Get("Authorization")})
					return
				}
				e.srv.ServeHTTP(w, r)
			}))
			defer srv.Close()
			o := e.opts
			o.BaseURL = srv.URL
			if tc.token != "" {
				f := filepath.Join(t.TempDir(), "token")
				os.WriteFile(f, []byte(tc.token), 0o600)
				o.TokenFile = f
			}
			c, err := github.New(o)
			if err != nil {
				t.Fatal(err)
			}
			err = c.Repo(owner, repoName).SetStatus(context.Background(), sha, "driftfix/plan: prod", github.StatePending, "", "")
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			e.assertNoToken(err.Error(), "the error")
			if tc.token != "" && strings.Contains(err.Error(), tc.token) {
				t.Errorf("the error shows the token: %v", err)
			}
		})
	}
}

var (
	appKeyOnce sync.Once
	appKey     *rsa.PrivateKey
	otherKey   *rsa.PrivateKey
)

// keys are two RSA keys, made once for all tests.
func keys(t *testing.T) (*rsa.PrivateKey, *rsa.PrivateKey) {
	appKeyOnce.Do(func() {
		var err error
		if appKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if otherKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
	return appKey, otherKey
}

func TestAppInstallationToken(t *testing.T) {
	key, other := keys(t)
	pkcs1 := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	pkcs8 := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	tests := []struct {
		name      string
		pem       []byte
		viaEnv    bool
		app       github.App
		serverKey *rsa.PublicKey
		skew      time.Duration // the client's clock minus the server's
		err       []string
	}{
		{name: "PKCS#1 key in a file", pem: pkcs1, app: github.App{ID: 42, InstallationID: 7}},
		{name: "PKCS#8 key in the environment", pem: pkcs8, viaEnv: true, app: github.App{ID: 42, InstallationID: 7}},
		{name: "client id as issuer", pem: pkcs1, app: github.App{ClientID: "42", InstallationID: 7}},
		{name: "a key GitHub does not know", pem: pkcs1, app: github.App{ID: 42, InstallationID: 7}, serverKey: &other.PublicKey,
			err: []string{"create an installation token for installation 7", "HTTP 401", "A JSON web token could not be decoded"}},
		{name: "an unknown installation", pem: pkcs1, app: github.App{ID: 42, InstallationID: 8},
			err: []string{"create an installation token for installation 8", "HTTP 404"}},
		{name: "a clock far behind", pem: pkcs1, app: github.App{ID: 42, InstallationID: 7}, skew: -20 * time.Minute,
			err: []string{"HTTP 401", "'Expiration time' claim ('exp')"}},
		{name: "not PEM", pem: []byte("not a key"), app: github.App{ID: 42, InstallationID: 7}, err: []string{"private key is not PEM"}},
		{name: "no installation", pem: pkcs1, app: github.App{ID: 42}, err: []string{"needs its ID (or ClientID) and InstallationID"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			now := epoch
			clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
			e := newEnv(t)
			e.srv.SetClock(clock)
			sha := e.branch("b")
			pub := &key.PublicKey
			if tc.serverKey != nil {
				pub = tc.serverKey
			}
			e.srv.AddApp(42, "driftfix", pub)
			e.srv.AddInstallation(7, 42)

			o := e.opts
			o.TokenFile, o.App = "", &tc.app
			o.Now = func() time.Time { return clock().Add(tc.skew) }
			if tc.viaEnv {
				t.Setenv("DRIFTFIX_TEST_APP_KEY", string(tc.pem))
				o.App.PrivateKeyEnv = "DRIFTFIX_TEST_APP_KEY"
			} else {
				f := filepath.Join(t.TempDir(), "app.pem")
				os.WriteFile(f, tc.pem, 0o600)
				o.App.PrivateKeyFile = f
			}
			c, err := github.New(o)
			if err == nil {
				repo := c.Repo(owner, repoName)
				err = repo.SetStatus(context.Background(), sha, "driftfix/plan: prod", github.StatePending, "", "")
				if err == nil {
					// more calls within the hour reuse the token
					for range 3 {
						if err := repo.SetStatus(context.Background(), sha, "driftfix/plan: prod", github.StateSuccess, "", ""); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			if tc.err != nil {
				if err == nil {
					t.Fatal("no error")
				}
				for _, w := range tc.err {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not say %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n := e.srv.InstallationTokensIssued(42); n != 1 {
				t.Errorf("%d installation tokens issued, want 1", n)
			}
			st := e.srv.Statuses(owner, repoName, sha)
			if len(st) != 4 || st[0].Creator != "driftfix[bot]" {
				t.Errorf("statuses = %+v, want 4 by driftfix[bot]", st)
			}
			// close to expiry the token is replaced, not used to the last second
			mu.Lock()
			now = now.Add(56 * time.Minute)
			mu.Unlock()
			if err := c.Repo(owner, repoName).SetStatus(context.Background(), sha, "x", github.StateSuccess, "", ""); err != nil {
				t.Fatal(err)
			}
			if n := e.srv.InstallationTokensIssued(42); n != 2 {
				t.Errorf("%d installation tokens issued after 56 minutes, want 2", n)
			}
			if logs := e.logText(); strings.Contains(logs, "ghs_") || strings.Contains(logs, "BEGIN") {
				t.Errorf("the log shows a secret: %s", logs)
			}
		})
	}
}
