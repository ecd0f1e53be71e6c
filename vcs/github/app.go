package github

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	gh "github.com/google/go-github/v81/github"
)

// App is a GitHub App installation to authenticate as: the client signs a
// short-lived JWT with the app's private key, trades it for an
// installation token (POST /app/installations/{id}/access_tokens) and
// keeps that token until shortly before it expires.
type App struct {
	// ID is the app's id (its client id works too, as ClientID).
	ID       int64
	ClientID string
	// InstallationID is the installation on the organisation or account
	// that owns the repositories.
	InstallationID int64
	// PrivateKeyFile is the app's private key (PEM, as GitHub hands it
	// out), or PrivateKeyEnv an environment variable holding that PEM.
	PrivateKeyFile string
	PrivateKeyEnv  string
}

// issuer is the JWT's iss claim: the client id if given, else the app id.
func (a *App) issuer() string {
	if a.ClientID != "" {
		return a.ClientID
	}
	return strconv.FormatInt(a.ID, 10)
}

// loadKey reads and parses the app's private key (PKCS#1 or PKCS#8 RSA).
func (a *App) loadKey() (*rsa.PrivateKey, error) {
	var data []byte
	switch {
	case a.PrivateKeyFile != "" && a.PrivateKeyEnv != "":
		return nil, errors.New("github: set one of App.PrivateKeyFile and App.PrivateKeyEnv, not both")
	case a.PrivateKeyFile != "":
		b, err := os.ReadFile(a.PrivateKeyFile)
		if err != nil {
			return nil, fmt.Errorf("github: reading the app's private key: %w", err)
		}
		data = b
	case a.PrivateKeyEnv != "":
		data = []byte(os.Getenv(a.PrivateKeyEnv))
		if len(data) == 0 {
			return nil, fmt.Errorf("github: the environment variable %s holding the app's private key is empty or unset", a.PrivateKeyEnv)
		}
	default:
		return nil, errors.New("github: the app needs PrivateKeyFile or PrivateKeyEnv")
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("github: the app's private key is not PEM")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, errors.New("github: the app's private key is not an RSA key in PKCS#1 or PKCS#8")
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("github: the app's private key is not an RSA key")
	}
	return rk, nil
}

// appJWT is the app's JWT (RS256): issued a minute ago to allow for clock
// drift, expiring in nine minutes (GitHub takes at most ten).
func appJWT(issuer string, key *rsa.PrivateKey, now time.Time) (string, error) {
	enc := base64.RawURLEncoding
	head := enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`))
	claims, err := json.Marshal(struct {
		Iat int64  `json:"iat"`
		Exp int64  `json:"exp"`
		Iss string `json:"iss"`
	}{now.Add(-time.Minute).Unix(), now.Add(9 * time.Minute).Unix(), issuer})
	if err != nil {
		return "", err
	}
	signing := head + "." + enc.EncodeToString(claims)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return signing + "." + enc.EncodeToString(sig), nil
}

// check says what an App lacks.
func (a *App) check() error {
	if a.ID == 0 && a.ClientID == "" || a.InstallationID == 0 {
		return errors.New("github: the app needs its ID (or ClientID) and InstallationID")
	}
	return nil
}

// jwtTransport authenticates the app's own calls with a fresh JWT.
type jwtTransport struct {
	base http.RoundTripper
	app  *App
	key  *rsa.PrivateKey
	now  func() time.Time
}

func (t *jwtTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	tok, err := appJWT(t.app.issuer(), t.key, t.now())
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, fmt.Errorf("github: signing the app's JWT: %w", err)
	}
	req = req.Clone(req.Context())
	req.Header.Set("Authorization", "Bearer "+tok)
	return t.base.RoundTrip(req)
}

// tokenMargin is how long before its expiry an installation token is
// replaced, so that none expires mid-call.
const tokenMargin = 5 * time.Minute

// appTokens hands out the installation token, fetching a new one when the
// cached one is about to expire.
type appTokens struct {
	c    *Client
	apps *gh.Client
	app  *App

	fetch sync.Mutex // one fetch at a time
	cur   atomic.Pointer[installationToken]
}

type installationToken struct {
	token   string
	expires time.Time
}

func newAppTokens(c *Client, apps *gh.Client, app *App) *appTokens {
	return &appTokens{c: c, apps: apps, app: app}
}

func (a *appTokens) fresh() (string, bool) {
	t := a.cur.Load()
	if t != nil && a.c.now().Add(tokenMargin).Before(t.expires) {
		return t.token, true
	}
	return "", false
}

func (a *appTokens) token(ctx context.Context) (string, error) {
	if tok, ok := a.fresh(); ok {
		return tok, nil
	}
	a.fetch.Lock()
	defer a.fetch.Unlock()
	if tok, ok := a.fresh(); ok {
		return tok, nil // fetched while this call waited
	}
	var tok *gh.InstallationToken
	call := fmt.Sprintf("create an installation token for installation %d", a.app.InstallationID)
	err := a.c.call(ctx, call, func(ctx context.Context) (*gh.Response, error) {
		var resp *gh.Response
		var err error
		tok, resp, err = a.apps.Apps.CreateInstallationToken(ctx, a.app.InstallationID, nil)
		return resp, err
	})
	if err != nil {
		return "", err
	}
	if tok.GetToken() == "" {
		return "", &Error{Call: call, Status: http.StatusCreated, Message: "GitHub answered no token"}
	}
	a.cur.Store(&installationToken{token: tok.GetToken(), expires: tok.GetExpiresAt().Time})
	a.c.log.Info("github: new installation token", "installation", a.app.InstallationID, "expires", tok.GetExpiresAt().Time)
	return tok.GetToken(), nil
}

func (a *appTokens) secrets() []string {
	if t := a.cur.Load(); t != nil {
		return []string{t.token}
	}
	return nil
}
