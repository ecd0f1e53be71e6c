package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/driftfix/driftfix/internal/pgtest"
	"github.com/driftfix/driftfix/store"
)

// TestMain stops the PostgreSQL cluster the PostgreSQL tests start.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var testSecret = []byte("test-secret: not GitHub's")

// testRepo is the repository of every octokit example driftfix keeps.
const testRepo = "Codertocat/Hello-World"

// octokit reads a payload of testdata/octokit.
func octokit(t testing.TB, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "octokit", filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// prComment derives a comment on a pull request from one of the octokit
// issue_comment examples (all of which are on issues): it gives the issue
// the pull_request links GitHub sends for a pull request's conversation
// and the comment body. Everything else stays as the example has it.
func prComment(t testing.TB, file, body string) []byte {
	t.Helper()
	return edit(t, octokit(t, file), func(m map[string]any) {
		issue := m["issue"].(map[string]any)
		api := fmt.Sprintf("https://api.github.com/repos/%s/pulls/%v", testRepo, issue["number"])
		html := fmt.Sprintf("https://github.com/%s/pull/%v", testRepo, issue["number"])
		issue["pull_request"] = map[string]any{"url": api, "html_url": html, "diff_url": html + ".diff", "patch_url": html + ".patch"}
		m["comment"].(map[string]any)["body"] = body
	})
}

// edit changes a JSON payload through fn.
func edit(t testing.TB, payload []byte, fn func(map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(payload, &m); err != nil {
		t.Fatal(err)
	}
	fn(m)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// delivery is one webhook delivery as GitHub sends it.
type delivery struct {
	event, id   string
	payload     []byte
	signature   string // "" = signed with testSecret
	contentType string // "" = application/json
}

func (d delivery) request(target string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(d.payload))
	d.setHeaders(r)
	return r
}

func (d delivery) setHeaders(r *http.Request) {
	if d.event != "" {
		r.Header.Set(EventHeader, d.event)
	}
	if d.id != "" {
		r.Header.Set(DeliveryHeader, d.id)
	}
	switch d.signature {
	case "":
		r.Header.Set(SignatureHeader, Sign(testSecret, d.payload))
	case "none":
	default:
		r.Header.Set(SignatureHeader, d.signature)
	}
	ct := d.contentType
	if ct == "" {
		ct = "application/json"
	}
	r.Header.Set("Content-Type", ct)
	r.Header.Set("User-Agent", "GitHub-Hookshot/test")
}

// serve posts d to h and returns the status and body of the answer.
func serve(h http.Handler, d delivery) (int, string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, d.request(Path))
	return rec.Code, rec.Body.String()
}

// openSQLite opens a fresh SQLite store for t.
func openSQLite(t testing.TB, opts ...store.Option) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "driftfix.db"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// openPostgres opens a store on a fresh PostgreSQL database for t.
func openPostgres(t testing.TB, opts ...store.Option) *store.Store {
	t.Helper()
	dsn := pgtest.NewDatabase(t)
	s, err := store.Open(context.Background(), dsn, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newHandler(t testing.TB, o HandlerOptions) *Handler {
	t.Helper()
	if o.Secret == nil {
		o.Secret = testSecret
	}
	if o.Repositories == nil {
		o.Repositories = []string{"octo-org/other", testRepo}
	}
	h, err := NewHandler(o)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// recorder is a Dispatcher that remembers what it was given.
type recorder struct {
	mu       sync.Mutex
	count    map[string]int // dispatches per delivery id
	prs      []PullRequestEvent
	comments []dispatchedComment
	calls    chan string // each dispatched delivery id
	fail     error       // returned by every call
	block    chan struct{}
	entered  chan context.Context // with block: each call's context, before it blocks
	ctxErrs  []error              // with block: each call's context error once unblocked
	running  int                  // calls running now
	most     int                  // the most calls that ran at once
}

type dispatchedComment struct {
	event CommentEvent
	cmd   Command
}

func newRecorder() *recorder {
	return &recorder{count: map[string]int{}, calls: make(chan string, 10000)}
}

func (r *recorder) PullRequest(ctx context.Context, e PullRequestEvent) error {
	r.mu.Lock()
	r.prs = append(r.prs, e)
	r.mu.Unlock()
	return r.called(ctx, e.Delivery.ID)
}

func (r *recorder) Comment(ctx context.Context, e CommentEvent, cmd Command) error {
	r.mu.Lock()
	r.comments = append(r.comments, dispatchedComment{e, cmd})
	r.mu.Unlock()
	return r.called(ctx, e.Delivery.ID)
}

func (r *recorder) called(ctx context.Context, id string) error {
	r.mu.Lock()
	r.running++
	r.most = max(r.most, r.running)
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.running--
		r.mu.Unlock()
	}()
	if r.block != nil {
		r.entered <- ctx
		select {
		case <-r.block:
		case <-ctx.Done():
		}
		r.mu.Lock()
		r.ctxErrs = append(r.ctxErrs, ctx.Err())
		r.mu.Unlock()
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	r.mu.Lock()
	r.count[id]++
	r.mu.Unlock()
	r.calls <- id
	return r.fail
}

// released returns the context errors of the blocked calls once they
// went on.
func (r *recorder) released() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]error(nil), r.ctxErrs...)
}

// mostAtOnce is the most calls that ran at the same time.
func (r *recorder) mostAtOnce() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.most
}

// counts returns a copy of the dispatches per delivery id.
func (r *recorder) counts() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.count))
	for k, v := range r.count {
		out[k] = v
	}
	return out
}

// waitCalls waits for n dispatches, failing t after a generous bound.
func (r *recorder) waitCalls(t testing.TB, n int) []string {
	t.Helper()
	var ids []string
	timeout := time.After(2 * time.Minute)
	for len(ids) < n {
		select {
		case id := <-r.calls:
			ids = append(ids, id)
		case <-timeout:
			t.Fatalf("%d of %d dispatches after 2 minutes", len(ids), n)
		}
	}
	return ids
}

func startWorkers(t testing.TB, o WorkerOptions) *Workers {
	t.Helper()
	if o.Name == "" {
		o.Name = "test"
	}
	w, err := NewWorkers(o)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		w.Stop(ctx)
	})
	return w
}

// counters records what a Handler counts.
type counters struct {
	mu                 sync.Mutex
	received, rejected map[string]int
}

func newCounters() *counters {
	return &counters{received: map[string]int{}, rejected: map[string]int{}}
}

func (c *counters) WebhookReceived(event string) {
	c.mu.Lock()
	c.received[event]++
	c.mu.Unlock()
}

func (c *counters) WebhookRejected(reason string) {
	c.mu.Lock()
	c.rejected[reason]++
	c.mu.Unlock()
}

// clock is a store clock the test moves.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func pending(t testing.TB, s *store.Store) int {
	t.Helper()
	n, err := s.PendingEvents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func newRecorderRequest(h http.Handler, method string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, Path, nil))
	return rec
}

// stopWorkers stops w gracefully, failing t when that takes over a minute.
func stopWorkers(t testing.TB, w *Workers) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := w.Stop(ctx); err != nil {
		t.Error(err)
	}
}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o600) }
