package notify

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// receiver is a local incoming-webhook endpoint: it records what it gets
// and answers with the statuses it is given, in order (then 200).
type receiver struct {
	mu       sync.Mutex
	texts    []string
	statuses []int
	headers  []http.Header
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	var msg struct{ Text string }
	r.mu.Lock()
	defer r.mu.Unlock()
	if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" || json.Unmarshal(body, &msg) != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	status := http.StatusOK
	if len(r.statuses) > 0 {
		status, r.statuses = r.statuses[0], r.statuses[1:]
	}
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "7")
	}
	r.headers = append(r.headers, req.Header.Clone())
	if status == http.StatusOK {
		r.texts = append(r.texts, msg.Text)
	}
	w.WriteHeader(status)
	io.WriteString(w, "ok")
}

func newHook(t *testing.T, r *receiver, kinds ...Kind) (*Webhook, *[]time.Duration, string) {
	t.Helper()
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	w, err := New(srv.URL+"/services/T000/B000/secret-token", kinds...)
	if err != nil {
		t.Fatal(err)
	}
	var waits []time.Duration
	w.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	return w, &waits, srv.URL
}

func TestSend(t *testing.T) {
	r := &receiver{}
	w, _, _ := newHook(t, r)
	e := Event{Kind: Applied, Project: "app", Title: "applied 2 changes <auto>", Lines: []string{"aws_s3_bucket.logs: versioning", "a & b"}, Link: "https://example.test/pr/1"}
	if err := w.Send(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	want := "*driftfix apply* `app`: applied 2 changes &lt;auto&gt;\n• aws_s3_bucket.logs: versioning\n• a &amp; b\n<https://example.test/pr/1|details>"
	if len(r.texts) != 1 || r.texts[0] != want {
		t.Errorf("got %q\nwant %q", r.texts, want)
	}
}

func TestSendOnlyWantedKinds(t *testing.T) {
	r := &receiver{}
	w, _, _ := newHook(t, r, Failure, Review)
	for _, k := range Kinds {
		if err := w.Send(context.Background(), Event{Kind: k, Project: "p", Title: string(k)}); err != nil {
			t.Fatal(err)
		}
	}
	if len(r.texts) != 2 || !strings.Contains(r.texts[0], "review") || !strings.Contains(r.texts[1], "failure") {
		t.Errorf("sent %q, want review and failure only", r.texts)
	}
	var none *Webhook
	if err := none.Send(context.Background(), Event{Kind: Failure}); err != nil {
		t.Errorf("a nil webhook: %v", err)
	}
}

func TestSendRetriesThrottlingAndServerErrors(t *testing.T) {
	r := &receiver{statuses: []int{http.StatusTooManyRequests, http.StatusBadGateway}}
	w, waits, _ := newHook(t, r)
	if err := w.Send(context.Background(), Event{Kind: Drift, Project: "p", Title: "3 drifted"}); err != nil {
		t.Fatal(err)
	}
	if len(r.texts) != 1 {
		t.Errorf("delivered %d times, want once", len(r.texts))
	}
	if len(*waits) != 2 || (*waits)[0] != 7*time.Second || (*waits)[1] != time.Second {
		t.Errorf("waits %v, want Retry-After (7s) then 1s", *waits)
	}
}

func TestErrorsNeverHoldTheURL(t *testing.T) {
	r := &receiver{statuses: []int{http.StatusForbidden}}
	w, _, base := newHook(t, r)
	err := w.Send(context.Background(), Event{Kind: Failure, Project: "p", Title: "x"})
	if err == nil || !strings.Contains(err.Error(), "403") {
		t.Fatalf("err = %v, want the 403", err)
	}
	if strings.Contains(err.Error(), "secret-token") || strings.Contains(err.Error(), base) {
		t.Errorf("the error leaks the URL: %v", err)
	}
	// unreachable: the net/http error names the URL, ours does not
	dead, _ := New("http://127.0.0.1:1/services/secret-token")
	dead.Attempts = 1
	err = dead.Send(context.Background(), Event{Kind: Failure, Project: "p", Title: "x"})
	if err == nil || strings.Contains(err.Error(), "secret-token") {
		t.Errorf("unreachable: %v", err)
	}
	if _, err := New("not a url with secret-token"); err == nil || strings.Contains(err.Error(), "secret-token") {
		t.Errorf("bad URL: %v", err)
	}
}

func TestTextBoundsLines(t *testing.T) {
	e := Event{Kind: Drift, Project: "p", Title: "many"}
	for range MaxLines + 5 {
		e.Lines = append(e.Lines, "x")
	}
	text := e.Text()
	if strings.Count(text, "\n• ") != MaxLines || !strings.HasSuffix(text, "… and 5 more") {
		t.Errorf("text:\n%s", text)
	}
}
