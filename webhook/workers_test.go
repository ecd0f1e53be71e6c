package webhook

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/store"
)

// Every payload the handler keeps decodes into the right event, and a
// comment into the right command.
func TestWorkersDecodeRealPayloads(t *testing.T) {
	s := openSQLite(t)
	rec := newRecorder()
	w := startWorkers(t, WorkerOptions{Queue: s, Dispatcher: rec, Workers: 3})
	h := newHandler(t, HandlerOptions{Store: s, Queued: w.Wake})
	repo := Repository{Owner: "Codertocat", Name: "Hello-World", FullName: testRepo, CloneURL: "https://github.com/Codertocat/Hello-World.git",
		HTMLURL: "https://github.com/Codertocat/Hello-World", DefaultBranch: "master"}
	head := Branch{Ref: "changes", SHA: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", Repository: testRepo}
	base := Branch{Ref: "master", SHA: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", Repository: testRepo}
	pr := func(action, association string) PullRequestEvent {
		return PullRequestEvent{Action: action, Repository: repo, Number: 2, Title: "Update the README with new information.",
			Author: "Codertocat", AuthorAssociation: association, HTMLURL: "https://github.com/Codertocat/Hello-World/pull/2", Head: head, Base: base, InstallationID: 1}
	}
	wantPRs := map[string]PullRequestEvent{
		"pr-opened":      pr("opened", "OWNER"),
		"pr-synchronize": pr("synchronize", "OWNER"),
		"pr-reopened":    pr("reopened", "OWNER"),
		"pr-closed":      pr("closed", "OWNER"),
	}
	comment := func(installation int64, body string) CommentEvent {
		return CommentEvent{Repository: repo, Number: 1, CommentID: 492700400, Author: "Codertocat", AuthorAssociation: "OWNER",
			Body: body, HTMLURL: "https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400", InstallationID: installation}
	}
	wantComments := map[string]dispatchedComment{
		"c-plan":    {comment(0, "driftfix plan -p app"), Command{Verb: Plan, Project: "app"}},
		"c-apply":   {comment(1, "Driftfix apply --allow-destroy\r\nreviewed by the team"), Command{Verb: Apply, AllowDestroy: true}},
		"c-unlock":  {comment(0, "driftfix unlock"), Command{Verb: Unlock}},
		"c-help":    {comment(0, "driftfix"), Command{Verb: Help}},
		"c-unknown": {comment(0, "driftfix destroy"), Command{Verb: Help, Problem: `unknown command "destroy"`}},
	}
	posts := []delivery{
		{event: "pull_request", id: "pr-opened", payload: octokit(t, "pull_request/opened.payload.json")},
		{event: "pull_request", id: "pr-synchronize", payload: octokit(t, "pull_request/synchronize.payload.json")},
		{event: "pull_request", id: "pr-reopened", payload: octokit(t, "pull_request/reopened.payload.json")},
		{event: "pull_request", id: "pr-closed", payload: octokit(t, "pull_request/closed.payload.json")},
		{event: "issue_comment", id: "c-plan", payload: prComment(t, "issue_comment/created.payload.json", wantComments["c-plan"].event.Body)},
		{event: "issue_comment", id: "c-apply", payload: prComment(t, "issue_comment/created.with-installation.payload.json", wantComments["c-apply"].event.Body)},
		{event: "issue_comment", id: "c-unlock", payload: prComment(t, "issue_comment/created.payload.json", wantComments["c-unlock"].event.Body)},
		{event: "issue_comment", id: "c-help", payload: prComment(t, "issue_comment/created.payload.json", wantComments["c-help"].event.Body)},
		{event: "issue_comment", id: "c-unknown", payload: prComment(t, "issue_comment/created.payload.json", wantComments["c-unknown"].event.Body)},
	}
	for _, d := range posts {
		if status, body := serve(h, d); status != 202 {
			t.Fatalf("%s: %d %q", d.id, status, body)
		}
	}
	rec.waitCalls(t, len(posts))
	stopWorkers(t, w)

	for _, got := range rec.prs {
		id := got.Delivery.ID
		want, ok := wantPRs[id]
		if !ok {
			t.Errorf("unexpected pull request event %s", got.Delivery.ID)
			continue
		}
		if got.Delivery.Attempt != 1 || got.Delivery.ReceivedAt.IsZero() || got.GitHub == nil || got.GitHub.GetPullRequest().GetNumber() != 2 {
			t.Errorf("%s: delivery %+v, go-github event %v", id, got.Delivery, got.GitHub != nil)
		}
		got.Delivery, got.GitHub = Delivery{}, nil
		if got != want {
			t.Errorf("%s decoded as\n%+v\nwant\n%+v", id, got, want)
		}
		delete(wantPRs, id)
	}
	for _, got := range rec.comments {
		id := got.event.Delivery.ID
		want, ok := wantComments[id]
		if !ok {
			t.Errorf("unexpected comment event %s", id)
			continue
		}
		if got.event.GitHub == nil || !got.event.GitHub.GetIssue().IsPullRequest() {
			t.Errorf("%s: go-github event missing or not on a pull request", id)
		}
		got.event.Delivery, got.event.GitHub = Delivery{}, nil
		if got.event != want.event || got.cmd != want.cmd {
			t.Errorf("%s decoded as\n%+v %#v\nwant\n%+v %#v", id, got.event, got.cmd, want.event, want.cmd)
		}
		delete(wantComments, id)
	}
	if len(wantPRs) > 0 || len(wantComments) > 0 {
		t.Errorf("never dispatched: %v %v", wantPRs, wantComments)
	}
	if n := pending(t, s); n != 0 {
		t.Errorf("%d events pending after all were dispatched", n)
	}
}

// observedQueue reports each claim and each outcome recorded.
type observedQueue struct {
	Queue
	claims chan bool   // whether each claim got an event
	marked chan string // the outcome of each event marked done
}

func observe(q Queue) *observedQueue {
	return &observedQueue{Queue: q, claims: make(chan bool, 1000), marked: make(chan string, 1000)}
}

func (q *observedQueue) ClaimEvent(ctx context.Context, worker string, ttl time.Duration) (store.Event, bool, error) {
	e, ok, err := q.Queue.ClaimEvent(ctx, worker, ttl)
	if err == nil {
		q.claims <- ok
	}
	return e, ok, err
}

func (q *observedQueue) MarkEventDone(ctx context.Context, id int64, errText string) error {
	err := q.Queue.MarkEventDone(ctx, id, errText)
	if err == nil {
		q.marked <- errText
	}
	return err
}

// waitEmptyClaim waits until a worker looked at the queue and found
// nothing to claim.
func (q *observedQueue) waitEmptyClaim(t testing.TB) {
	t.Helper()
	timeout := time.After(time.Minute)
	for {
		select {
		case ok := <-q.claims:
			if !ok {
				return
			}
		case <-timeout:
			t.Fatal("no worker looked at the queue for a minute")
		}
	}
}

func (q *observedQueue) waitMarked(t testing.TB) string {
	t.Helper()
	select {
	case outcome := <-q.marked:
		return outcome
	case <-time.After(time.Minute):
		t.Fatal("no event was marked done for a minute")
		return ""
	}
}

// A worker that crashed after it claimed an event leaves it claimed; no
// other worker takes it until the claim lapses, and then one does: the
// event is dispatched once, on its second attempt.
func TestWorkersRetryACrashedWorkersEvent(t *testing.T) {
	clk := &clock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	s := openSQLite(t, store.WithClock(clk.Now))
	ctx := context.Background()
	if _, err := s.SaveEvent(ctx, "d-1", "pull_request", octokit(t, "pull_request/opened.payload.json"), time.Time{}); err != nil {
		t.Fatal(err)
	}
	const ttl = 10 * time.Minute
	if _, ok, err := s.ClaimEvent(ctx, "crashed-worker", ttl); !ok || err != nil {
		t.Fatalf("claim = %v, %v", ok, err)
	}
	q := observe(s)
	rec := newRecorder()
	w := startWorkers(t, WorkerOptions{Queue: q, Dispatcher: rec, Workers: 2, ClaimTTL: ttl})
	q.waitEmptyClaim(t) // the event is claimed: nothing to take

	clk.Advance(ttl)
	w.Wake()
	rec.waitCalls(t, 1)
	if outcome := q.waitMarked(t); outcome != "" {
		t.Errorf("outcome %q", outcome)
	}
	stopWorkers(t, w)
	if len(rec.prs) != 1 || rec.prs[0].Delivery.Attempt != 2 {
		t.Fatalf("dispatched %d times; want once, on the second attempt: %+v", len(rec.prs), rec.prs)
	}
	if e, err := s.Event(ctx, 1); err != nil || e.ProcessedAt.IsZero() || e.Error != "" || !strings.HasPrefix(e.ClaimedBy, "test-") {
		t.Errorf("event after the retry: %+v, %v", e, err)
	}
}

// An event whose workers keep dying is given up after MaxAttempts, not
// dispatched again.
func TestWorkersGiveUpAfterMaxAttempts(t *testing.T) {
	clk := &clock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	s := openSQLite(t, store.WithClock(clk.Now))
	ctx := context.Background()
	if _, err := s.SaveEvent(ctx, "d-1", "pull_request", octokit(t, "pull_request/opened.payload.json"), time.Time{}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, ok, err := s.ClaimEvent(ctx, "crashing-worker", time.Minute); !ok || err != nil {
			t.Fatalf("claim = %v, %v", ok, err)
		}
		clk.Advance(time.Minute)
	}
	q := observe(s)
	rec := newRecorder()
	w := startWorkers(t, WorkerOptions{Queue: q, Dispatcher: rec, MaxAttempts: 2})
	outcome := q.waitMarked(t)
	stopWorkers(t, w)
	if outcome != "gave up after 2 attempts: each worker that took the event stopped before it finished" || len(rec.counts()) != 0 {
		t.Errorf("outcome %q, dispatches %v; want given up, never dispatched", outcome, rec.counts())
	}
}

// What goes wrong while an event is worked off is recorded with it; the
// workers go on.
func TestWorkersRecordFailures(t *testing.T) {
	opened := octokit(t, "pull_request/opened.payload.json")
	for _, c := range []struct {
		name      string
		event     string
		payload   []byte
		dispatch  Dispatcher
		want      string
		wantCalls int
	}{
		{"dispatcher error", "pull_request", opened, &recorder{count: map[string]int{}, calls: make(chan string, 1), fail: errors.New("plan failed: exit 1")}, "plan failed: exit 1", 1},
		{"dispatcher panic", "pull_request", opened, panicky{}, "panic: dispatcher bug", 0},
		{"not JSON", "pull_request", []byte("{"), newRecorder(), "decode pull_request event: unexpected end of JSON input", 0},
		{"no pull request in the payload", "pull_request", []byte(`{"action":"opened"}`), newRecorder(), "decode pull_request event: no pull request or repository in the payload", 0},
		{"no comment in the payload", "issue_comment", []byte(`{"action":"created"}`), newRecorder(), "decode issue_comment event: no issue, comment or repository in the payload", 0},
		{"an action the handler would not keep", "pull_request", octokit(t, "pull_request/labeled.payload.json"), newRecorder(), "", 0},
		{"a comment on an issue", "issue_comment", octokit(t, "issue_comment/created.payload.json"), newRecorder(), "", 0},
		{"an event type nobody handles", "ping", octokit(t, "ping/payload.json"), newRecorder(), "", 0},
		{"an event type go-github does not know", "telepathy", []byte(`{}`), newRecorder(), "decode telepathy event: unknown X-Github-Event in message: telepathy", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openSQLite(t)
			ctx := context.Background()
			if _, err := s.SaveEvent(ctx, "d-1", c.event, c.payload, time.Time{}); err != nil {
				t.Fatal(err)
			}
			q := observe(s)
			w := startWorkers(t, WorkerOptions{Queue: q, Dispatcher: c.dispatch, Workers: 1})
			outcome := q.waitMarked(t)
			stopWorkers(t, w)
			if !strings.HasPrefix(outcome, c.want) || (c.want == "") != (outcome == "") {
				t.Errorf("outcome %q, want %q", outcome, c.want)
			}
			e, err := s.Event(ctx, 1)
			if err != nil || e.ProcessedAt.IsZero() || e.Error != outcome {
				t.Errorf("stored event %+v, %v", e, err)
			}
			if r, ok := c.dispatch.(*recorder); ok && len(r.counts()) != c.wantCalls {
				t.Errorf("dispatched %v, want %d calls", r.counts(), c.wantCalls)
			}
		})
	}
}

type panicky struct{}

func (panicky) PullRequest(context.Context, PullRequestEvent) error {
	panic("dispatcher bug")
}

func (panicky) Comment(context.Context, CommentEvent, Command) error { return nil }

// Stop stops claiming and lets a running dispatch finish and be recorded;
// an event stored after Stop waits for the next workers.
func TestWorkersStopGracefully(t *testing.T) {
	s := openSQLite(t)
	rec := newRecorder()
	rec.block, rec.entered = make(chan struct{}), make(chan context.Context, 1)
	w := startWorkers(t, WorkerOptions{Queue: s, Dispatcher: rec, Workers: 1})
	h := newHandler(t, HandlerOptions{Store: s, Queued: w.Wake})
	post := func(id string) {
		t.Helper()
		if status, body := serve(h, delivery{event: "pull_request", id: id, payload: octokit(t, "pull_request/opened.payload.json")}); status != 202 {
			t.Fatalf("%s: %d %q", id, status, body)
		}
	}
	post("d-running")
	<-rec.entered

	stopped := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		stopped <- w.Stop(ctx)
	}()
	<-w.stopping // Stop has begun
	post("d-after-stop")
	close(rec.block)
	if err := <-stopped; err != nil {
		t.Fatalf("Stop = %v", err)
	}
	if errs := rec.released(); len(errs) != 1 || errs[0] != nil {
		t.Errorf("the running dispatch's context when it finished: %v; want not cancelled", errs)
	}
	if got := rec.counts(); len(got) != 1 || got["d-running"] != 1 {
		t.Errorf("dispatched %v, want d-running once", got)
	}
	e, err := s.Event(context.Background(), 1)
	if err != nil || e.ProcessedAt.IsZero() || e.Error != "" {
		t.Errorf("the running event after Stop: %+v, %v; want done", e, err)
	}
	if n := pending(t, s); n != 1 {
		t.Errorf("%d events pending, want d-after-stop", n)
	}
}

// A Stop whose context ends cancels the running dispatch and leaves its
// event claimed; the next workers retry it when the claim lapses.
func TestWorkersStopHard(t *testing.T) {
	clk := &clock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	s := openSQLite(t, store.WithClock(clk.Now))
	rec := newRecorder()
	rec.block, rec.entered = make(chan struct{}), make(chan context.Context, 1)
	const ttl = 10 * time.Minute
	w := startWorkers(t, WorkerOptions{Queue: s, Dispatcher: rec, Workers: 1, ClaimTTL: ttl})
	h := newHandler(t, HandlerOptions{Store: s, Queued: w.Wake})
	if status, _ := serve(h, delivery{event: "pull_request", id: "d-1", payload: octokit(t, "pull_request/opened.payload.json")}); status != 202 {
		t.Fatal(status)
	}
	dispatchCtx := <-rec.entered
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Stop(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Stop = %v, want context.Canceled", err)
	}
	if dispatchCtx.Err() == nil {
		t.Error("the running dispatch was not cancelled")
	}
	e, err := s.Event(context.Background(), 1)
	if err != nil || !e.ProcessedAt.IsZero() || e.ClaimedBy != "test-0" {
		t.Fatalf("event after a hard stop: %+v, %v; want claimed, not done", e, err)
	}

	clk.Advance(ttl)
	again := newRecorder()
	w2 := startWorkers(t, WorkerOptions{Queue: s, Dispatcher: again, Name: "second"})
	again.waitCalls(t, 1)
	stopWorkers(t, w2)
	if len(again.prs) != 1 || again.prs[0].Delivery.Attempt != 2 {
		t.Errorf("retried %+v; want one dispatch on attempt 2", again.prs)
	}
}

func TestNewWorkers(t *testing.T) {
	s := openSQLite(t)
	for _, o := range []WorkerOptions{
		{Dispatcher: newRecorder()},
		{Queue: s},
		{Queue: s, Dispatcher: newRecorder(), Workers: -1},
		{Queue: s, Dispatcher: newRecorder(), ClaimTTL: -time.Second},
	} {
		if _, err := NewWorkers(o); err == nil {
			t.Errorf("NewWorkers(%+v) accepted", o)
		}
	}
	w, err := NewWorkers(WorkerOptions{Queue: s, Dispatcher: newRecorder()})
	if err != nil {
		t.Fatal(err)
	}
	if w.o.Workers != DefaultWorkers || w.o.ClaimTTL != DefaultClaimTTL || w.o.MaxAttempts != DefaultMaxAttempts || w.o.Name == "" {
		t.Errorf("defaults %+v", w.o)
	}
	if err := w.Stop(context.Background()); err != nil {
		t.Errorf("Stop before Start = %v", err)
	}
	if err := w.Start(context.Background()); err == nil {
		t.Error("Start after Stop accepted")
	}
	w2 := startWorkers(t, WorkerOptions{Queue: s, Dispatcher: newRecorder()})
	if err := w2.Start(context.Background()); err == nil {
		t.Error("a second Start accepted")
	}
	w2.Wake()
	w2.Wake()
	stopWorkers(t, w2)
	w2.Wake() // after Stop: no effect, no block
}
