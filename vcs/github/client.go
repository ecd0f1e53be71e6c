package github

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	gh "github.com/google/go-github/v81/github"
)

// Options configure a Client.
type Options struct {
	// BaseURL is the REST API's address: empty for github.com, or a GitHub
	// Enterprise Server's ("https://ghe.example.com"; /api/v3/ is added
	// unless the address already ends in it or is an api. host).
	BaseURL string

	// Exactly one of TokenEnv, TokenFile and App says how the client
	// authenticates.
	//
	// TokenEnv names an environment variable holding a token (a personal
	// access token, or a token CI hands out).
	TokenEnv string
	// TokenFile is a file holding a token (surrounding whitespace ignored).
	TokenFile string
	// App authenticates as a GitHub App installation.
	App *App

	// HTTPClient makes the requests (default: one with a 60s timeout).
	HTTPClient *http.Client
	// Logger receives retries and waits (default: nothing). No token is
	// ever logged.
	Logger *slog.Logger

	// MaxRetries bounds the retries of one call after a rate limit
	// (default 3), and MaxRateLimitWait the total time one call waits for
	// rate limits (default 2 minutes): a limit that resets later fails the
	// call at once, saying when it resets.
	MaxRetries       int
	MaxRateLimitWait time.Duration

	// MergeableReads bounds how often Mergeable reads a pull request while
	// GitHub is still computing its mergeability (default 6), waiting
	// MergeableDelay (default 1s) before the second read and twice as long
	// before each next one.
	MergeableReads int
	MergeableDelay time.Duration

	// Sleep waits (default: a timer that a cancelled context stops); Now
	// is the clock (default time.Now). Tests inject both.
	Sleep func(ctx context.Context, d time.Duration) error
	Now   func() time.Time
}

// Client is a GitHub REST client for driftfix's pull requests, comments and
// commit statuses, on go-github. It is safe for concurrent use.
type Client struct {
	gh    *gh.Client
	auth  tokenSource
	log   *slog.Logger
	sleep func(ctx context.Context, d time.Duration) error
	now   func() time.Time

	maxRetries     int
	maxWait        time.Duration
	mergeableReads int
	mergeableDelay time.Duration
}

// New makes a client. It reads the token (or the app's private key) now,
// so a missing one is an error here rather than on the first call.
func New(opts Options) (*Client, error) {
	c := &Client{
		log: opts.Logger, sleep: opts.Sleep, now: opts.Now,
		maxRetries: opts.MaxRetries, maxWait: opts.MaxRateLimitWait,
		mergeableReads: opts.MergeableReads, mergeableDelay: opts.MergeableDelay,
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.sleep == nil {
		c.sleep = sleepContext
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.maxRetries <= 0 {
		c.maxRetries = 3
	}
	if c.maxWait <= 0 {
		c.maxWait = 2 * time.Minute
	}
	if c.mergeableReads <= 0 {
		c.mergeableReads = 6
	}
	if c.mergeableDelay <= 0 {
		c.mergeableDelay = time.Second
	}
	base := opts.HTTPClient
	if base == nil {
		base = &http.Client{Timeout: 60 * time.Second}
	}
	transport := base.Transport
	if transport == nil {
		transport = http.DefaultTransport
	}

	set := 0
	for _, on := range []bool{opts.TokenEnv != "", opts.TokenFile != "", opts.App != nil} {
		if on {
			set++
		}
	}
	if set != 1 {
		return nil, errors.New("github: set exactly one of TokenEnv, TokenFile and App")
	}
	var err error
	switch {
	case opts.TokenEnv != "":
		c.auth, err = tokenFromEnv(opts.TokenEnv)
	case opts.TokenFile != "":
		c.auth, err = tokenFromFile(opts.TokenFile)
	default:
		// The app's own calls (installation tokens) go through a client
		// that signs with the app's JWT instead.
		if err = opts.App.check(); err != nil {
			return nil, err
		}
		key, err := opts.App.loadKey()
		if err != nil {
			return nil, err
		}
		apps, err := newREST(opts.BaseURL, base, &jwtTransport{base: transport, app: opts.App, key: key, now: c.now})
		if err != nil {
			return nil, err
		}
		c.auth = newAppTokens(c, apps, opts.App)
	}
	if err != nil {
		return nil, err
	}
	if c.gh, err = newREST(opts.BaseURL, base, &authTransport{base: transport, src: c.auth}); err != nil {
		return nil, err
	}
	return c, nil
}

// newREST is a go-github client on base's settings with transport t,
// pointed at baseURL. Its own rate-limit bookkeeping is off: Client.call
// reads the limits from each answer and does the waiting.
func newREST(baseURL string, base *http.Client, t http.RoundTripper) (*gh.Client, error) {
	hc := *base
	hc.Transport = t
	c := gh.NewClient(&hc)
	if baseURL != "" {
		u, err := url.Parse(baseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("github: base URL %q is not an http(s) address", baseURL)
		}
		if u.Host == "api.github.com" {
			if !strings.HasSuffix(u.Path, "/") {
				u.Path += "/"
			}
			c.BaseURL = u
		} else if c, err = c.WithEnterpriseURLs(baseURL, baseURL); err != nil {
			return nil, err
		}
	}
	// set last: WithEnterpriseURLs' copy does not keep them
	c.UserAgent = "driftfix"
	c.DisableRateLimitCheck = true
	return c, nil
}

// Repo is one repository's side of the client.
type Repo struct {
	c           *Client
	owner, name string
}

// Repo returns the client for one repository.
func (c *Client) Repo(owner, name string) *Repo { return &Repo{c: c, owner: owner, name: name} }

// String is owner/name.
func (r *Repo) String() string { return r.owner + "/" + r.name }

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
