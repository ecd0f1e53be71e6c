// Package notify tells people what a run did through a Slack-compatible
// incoming webhook: a POST of {"text": …} JSON to a URL that is itself the
// secret (it comes from the environment or a file, never from driftfix.hcl,
// and never appears in an error or a log line).
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Kind is what happened.
type Kind string

const (
	Applied  Kind = "apply"    // a plan was applied (automatically or approved)
	Review   Kind = "review"   // a plan needs review: a pull request was opened
	Failure  Kind = "failure"  // a run failed
	Drift    Kind = "drift"    // drift was found
	Demotion Kind = "demotion" // a fix class was demoted to review for a project
	// LeakedKey: an AWS access key found in the code (or its history) is
	// active in the account: set Inactive, or left for people.
	LeakedKey Kind = "leaked_key"
)

// Kinds lists every kind, in the order a config names them.
var Kinds = []Kind{Applied, Review, Failure, Drift, Demotion, LeakedKey}

// Event is one notification.
type Event struct {
	Kind    Kind
	Project string
	// Title is one line; Lines follow it (at most MaxLines are sent).
	Title string
	Lines []string
	// Link points to the pull request, the commit or the dashboard ("" for none).
	Link string
}

// MaxLines bounds the lines of one message: a notification says what
// happened and where to look, it is not the report.
const MaxLines = 20

// Text renders the event as a Slack message text (mrkdwn).
func (e Event) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "*driftfix %s* `%s`: %s", e.Kind, e.Project, escape(e.Title))
	for i, l := range e.Lines {
		if i == MaxLines {
			fmt.Fprintf(&b, "\n… and %d more", len(e.Lines)-MaxLines)
			break
		}
		b.WriteString("\n• ")
		b.WriteString(escape(l))
	}
	if e.Link != "" {
		fmt.Fprintf(&b, "\n<%s|details>", e.Link)
	}
	return b.String()
}

// escape keeps Slack from reading &, < and > as markup.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// Webhook posts events to an incoming-webhook URL.
type Webhook struct {
	url    string
	kinds  map[Kind]bool
	client *http.Client
	// Attempts bounds the tries of one post (a 429 or a 5xx is retried,
	// waiting as Retry-After says, at most MaxWait).
	Attempts int
	MaxWait  time.Duration
	sleep    func(context.Context, time.Duration) error
}

// New returns a webhook that posts the given kinds (all when none) to
// rawURL, which must be an http(s) URL.
func New(rawURL string, kinds ...Kind) (*Webhook, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("notify: the webhook URL is not an http(s) URL")
	}
	w := &Webhook{url: rawURL, client: &http.Client{Timeout: 10 * time.Second}, Attempts: 3, MaxWait: 30 * time.Second, sleep: sleepCtx}
	if len(kinds) > 0 {
		w.kinds = map[Kind]bool{}
		for _, k := range kinds {
			w.kinds[k] = true
		}
	}
	return w, nil
}

// Wants reports whether the webhook posts events of kind k.
func (w *Webhook) Wants(k Kind) bool { return w != nil && (w.kinds == nil || w.kinds[k]) }

// Send posts e, if the webhook wants its kind. A nil webhook sends
// nothing. Errors never contain the URL.
func (w *Webhook) Send(ctx context.Context, e Event) error {
	if !w.Wants(e.Kind) {
		return nil
	}
	body, err := json.Marshal(map[string]string{"text": e.Text()})
	if err != nil {
		return err
	}
	var last error
	for attempt := 1; attempt <= max(1, w.Attempts); attempt++ {
		wait, err := w.post(ctx, body)
		if err == nil {
			return nil
		}
		last = err
		if wait < 0 || attempt == w.Attempts {
			break
		}
		if err := w.sleep(ctx, min(wait, w.MaxWait)); err != nil {
			return fmt.Errorf("notify %s: %w", e.Kind, err)
		}
	}
	return fmt.Errorf("notify %s: %w", e.Kind, last)
}

// post sends one attempt. wait < 0 means do not retry.
func (w *Webhook) post(ctx context.Context, body []byte) (wait time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return -1, errors.New("the webhook request could not be made")
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := w.client.Do(req)
	if err != nil {
		// *url.Error carries the URL: say only what went wrong
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return time.Second, fmt.Errorf("the webhook could not be reached: %v", err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	switch {
	case resp.StatusCode < 300:
		return 0, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		wait = time.Second
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
			wait = time.Duration(s) * time.Second
		}
		return wait, fmt.Errorf("the webhook answered %s", resp.Status)
	}
	return -1, fmt.Errorf("the webhook answered %s: %s", resp.Status, strings.TrimSpace(string(msg)))
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
