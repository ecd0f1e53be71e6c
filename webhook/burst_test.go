package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/driftfix/driftfix/store"
)

const (
	burstEvents  = 500
	burstClients = 20
	burstWorkers = 4
)

var databases = []struct {
	name string
	open func(testing.TB, ...store.Option) *store.Store
}{
	{"sqlite", openSQLite},
	{"postgres", openPostgres},
}

// 500 signed events posted at once by 20 clients are each stored and
// dispatched exactly once, by at most burstWorkers workers at a time.
func TestBurst(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			s := db.open(t)
			rec := newRecorder()
			gen := startGeneration(t, s, s, rec, "only")
			answers := postAll(t, burstDeliveries(t), func() string { return gen.server.URL }, nil)
			rec.waitCalls(t, burstEvents)
			gen.stop(t)
			if answers["accepted"] != burstEvents || len(answers) != 1 {
				t.Errorf("answers %v, want %d accepted", answers, burstEvents)
			}
			checkExactlyOnce(t, s, rec)
		})
	}
}

// The server restarts in the middle of a burst: after 250 events were
// stored and answered, the next 20 are stored but their answers are lost
// (the first server dies while they wait), and the clients post them again
// to the second server, as GitHub's redelivery would. Every event is
// dispatched exactly once across both servers, and nothing answered 202 is
// lost.
func TestBurstRestart(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			s := db.open(t)
			rec := newRecorder()
			const half = burstEvents / 2
			cut := &cuttingSaver{EventSaver: s, after: half, blocked: make(chan struct{}, burstClients), release: make(chan struct{})}
			first := startGeneration(t, cut, s, rec, "first")
			var target atomic.Pointer[string]
			target.Store(&first.server.URL)
			restarted := make(chan struct{})
			posted := make(chan map[string]int, 1)
			deliveries := burstDeliveries(t)
			go func() { posted <- postAll(t, deliveries, func() string { return *target.Load() }, restarted) }()

			// The restart: once every client waits for an answer that never
			// comes, the first server and its workers go down, and a second
			// one comes up on the same store.
			for range burstClients {
				select {
				case <-cut.blocked:
				case <-time.After(2 * time.Minute):
					t.Fatal("the clients never all waited on the first server")
				}
			}
			first.server.CloseClientConnections() // the answers are lost
			close(cut.release)                    // the stored events stay stored
			first.stop(t)
			if n := pending(t, s) + len(rec.counts()); n != half+burstClients {
				t.Errorf("%d events stored by the first server, want %d: %d answered, %d stored without answer", n, half+burstClients, half, burstClients)
			}
			second := startGeneration(t, s, s, rec, "second")
			target.Store(&second.server.URL)
			close(restarted)

			answers := <-posted
			rec.waitCalls(t, burstEvents)
			second.stop(t)
			want := map[string]int{"accepted": burstEvents - burstClients, "duplicate": burstClients, "failed, posted again": burstClients}
			if !equalCounts(answers, want) {
				t.Errorf("answers %v, want %v", answers, want)
			}
			checkExactlyOnce(t, s, rec)
		})
	}
}

// burstDeliveries are burstEvents deliveries of the kept event kinds in
// turn, each with its own delivery id.
func burstDeliveries(t testing.TB) []delivery {
	kinds := []delivery{
		{event: "pull_request", payload: octokit(t, "pull_request/opened.payload.json")},
		{event: "pull_request", payload: octokit(t, "pull_request/synchronize.payload.json")},
		{event: "pull_request", payload: octokit(t, "pull_request/reopened.payload.json")},
		{event: "pull_request", payload: octokit(t, "pull_request/closed.payload.json")},
		{event: "issue_comment", payload: prComment(t, "issue_comment/created.payload.json", "driftfix plan -p app")},
		{event: "issue_comment", payload: prComment(t, "issue_comment/created.with-installation.payload.json", "driftfix apply")},
		{event: "issue_comment", payload: prComment(t, "issue_comment/created.payload.json", "driftfix unlock")},
	}
	out := make([]delivery, burstEvents)
	for i := range out {
		out[i] = kinds[i%len(kinds)]
		out[i].id = fmt.Sprintf("burst-%03d", i)
	}
	return out
}

// generation is one server process: a handler behind an HTTP server, and
// its workers.
type generation struct {
	server  *httptest.Server
	workers *Workers
	once    sync.Once
}

func startGeneration(t testing.TB, saver EventSaver, queue Queue, d Dispatcher, name string) *generation {
	t.Helper()
	w, err := NewWorkers(WorkerOptions{Queue: queue, Dispatcher: d, Workers: burstWorkers, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("POST "+Path, newHandler(t, HandlerOptions{Store: saver, Queued: w.Wake}))
	g := &generation{server: httptest.NewServer(mux), workers: w}
	t.Cleanup(func() { g.stop(t) })
	return g
}

// stop closes the server (letting running requests finish) and stops the
// workers gracefully.
func (g *generation) stop(t testing.TB) {
	g.once.Do(func() {
		g.server.Close()
		stopWorkers(t, g.workers)
	})
}

// postAll posts deliveries from burstClients clients at once to the URL
// target returns, and counts the answers: "accepted" (202), "duplicate"
// (200 duplicate), and "failed, posted again". A post that fails is posted
// again once restarted is closed, to the new target; with restarted nil,
// or once restarted, a failure is the test's.
func postAll(t testing.TB, deliveries []delivery, target func() string, restarted chan struct{}) map[string]int {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: burstClients}, Timeout: 2 * time.Minute}
	defer client.CloseIdleConnections()
	queue := make(chan delivery, len(deliveries))
	for _, d := range deliveries {
		queue <- d
	}
	close(queue)
	var mu sync.Mutex
	answers := map[string]int{}
	count := func(what string) {
		mu.Lock()
		answers[what]++
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for range burstClients {
		wg.Go(func() {
			for d := range queue {
				for {
					url := target()
					status, body, err := post(client, url+Path, d)
					if err == nil && status == http.StatusAccepted {
						count("accepted")
						break
					}
					if err == nil && status == http.StatusOK && body == "duplicate\n" {
						count("duplicate")
						break
					}
					if restarted == nil {
						t.Errorf("%s: %d %q %v", d.id, status, body, err)
						return
					}
					select {
					case <-restarted:
					case <-time.After(2 * time.Minute):
						t.Errorf("%s failed (%d %q %v) and the server did not restart", d.id, status, body, err)
						return
					}
					if target() == url {
						t.Errorf("%s failed after the restart: %d %q %v", d.id, status, body, err)
						return
					}
					count("failed, posted again")
				}
			}
		})
	}
	wg.Wait()
	return answers
}

// post sends one signed delivery.
func post(client *http.Client, url string, d delivery) (int, string, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(d.payload))
	if err != nil {
		return 0, "", err
	}
	d.setHeaders(req)
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

// checkExactlyOnce fails t unless every burst delivery was dispatched
// exactly once, at most burstWorkers at a time, and nothing is pending.
func checkExactlyOnce(t testing.TB, s *store.Store, rec *recorder) {
	t.Helper()
	counts := rec.counts()
	var wrong []string
	for i := range burstEvents {
		id := fmt.Sprintf("burst-%03d", i)
		if counts[id] != 1 {
			wrong = append(wrong, fmt.Sprintf("%s×%d", id, counts[id]))
		}
	}
	if len(wrong) > 0 || len(counts) != burstEvents {
		t.Errorf("%d deliveries dispatched; not exactly once: %v", len(counts), wrong)
	}
	if n := pending(t, s); n != 0 {
		t.Errorf("%d events still pending", n)
	}
	if most := rec.mostAtOnce(); most > burstWorkers || most < 1 {
		t.Errorf("%d dispatches ran at once, want 1 to %d", most, burstWorkers)
	}
}

// cuttingSaver stores events normally until after events were stored;
// then it stores each next one and holds the answer back until release is
// closed, signalling blocked each time.
type cuttingSaver struct {
	EventSaver
	after   int64
	stored  atomic.Int64
	blocked chan struct{}
	release chan struct{}
}

func (c *cuttingSaver) SaveEvent(ctx context.Context, deliveryID, eventType string, payload []byte, receivedAt time.Time) (bool, error) {
	inserted, err := c.EventSaver.SaveEvent(ctx, deliveryID, eventType, payload, receivedAt)
	if err == nil && c.stored.Add(1) > c.after {
		c.blocked <- struct{}{}
		<-c.release
	}
	return inserted, err
}
