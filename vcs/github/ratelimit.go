package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	gh "github.com/google/go-github/v81/github"
)

// secondaryDefault is how long to wait after a secondary rate limit that
// names no time: GitHub asks for at least a minute.
const secondaryDefault = time.Minute

// call runs one GitHub call, named for errors and logs. A rate-limited
// answer (primary or secondary) is retried after the wait GitHub asks for
// (Retry-After, or X-RateLimit-Reset), at most MaxRetries times and never
// longer than MaxRateLimitWait in all; a longer wait fails the call at once.
// A rate-limited call did nothing on GitHub, so retrying a POST is safe.
func (c *Client) call(ctx context.Context, name string, do func(ctx context.Context) (*gh.Response, error)) error {
	var waited time.Duration
	for attempt := 0; ; attempt++ {
		resp, err := do(ctx)
		if err == nil {
			return nil
		}
		wait, limited := c.rateLimitWait(resp, err)
		if !limited || ctx.Err() != nil {
			return c.wrap(name, resp, err)
		}
		if attempt >= c.maxRetries || waited+wait > c.maxWait {
			e := c.wrap(name, resp, err)
			e.Message += fmt.Sprintf(" (rate limited: GitHub asks to wait %s; this client waits at most %s per call and has waited %s)",
				wait.Round(time.Second), c.maxWait, waited.Round(time.Second))
			return e
		}
		c.log.Warn("github: rate limited; waiting", "call", name, "status", resp.StatusCode, "wait", wait, "attempt", attempt+1)
		if err := c.sleep(ctx, wait); err != nil {
			return c.wrap(name, resp, err)
		}
		waited += wait
	}
}

// rateLimitWait says whether an answer is a rate limit, and how long
// GitHub asks to wait before the next try.
func (c *Client) rateLimitWait(resp *gh.Response, err error) (time.Duration, bool) {
	if resp == nil || resp.Response == nil {
		return 0, false
	}
	var (
		rl *gh.RateLimitError
		ab *gh.AbuseRateLimitError
	)
	primary := errors.As(err, &rl)
	secondary := errors.As(err, &ab) || resp.StatusCode == http.StatusTooManyRequests ||
		resp.StatusCode == http.StatusForbidden && resp.Header.Get("Retry-After") != ""
	if !primary && !secondary {
		return 0, false
	}
	h := resp.Header
	if v, err := strconv.Atoi(h.Get("Retry-After")); err == nil && v >= 0 {
		return time.Duration(v) * time.Second, true
	}
	if reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil && (primary || h.Get("X-RateLimit-Remaining") == "0") {
		// a second past the reset, as the reset time is rounded down
		return max(time.Unix(reset, 0).Sub(c.now())+time.Second, time.Second), true
	}
	if primary {
		return time.Hour, true // no reset time: more than any bound
	}
	return secondaryDefault, true
}
