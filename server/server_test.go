package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/internal/storetest"
	"github.com/driftfix/driftfix/store"
)

// seeded opens a real SQLite store in a temporary directory and writes
// storetest's history into it; the store's clock ends at storetest.End.
func seeded(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	clock := storetest.NewClock(storetest.Day0)
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "driftfix.db"), store.WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := storetest.SeedStore(ctx, st, clock); err != nil {
		t.Fatal(err)
	}
	return st
}

// newServer is a server on st whose window is the history's three days.
func newServer(t *testing.T, st *store.Store, project string) *Server {
	t.Helper()
	s, err := New(Options{Store: st, Project: project, Window: 72 * time.Hour, Now: func() time.Time { return storetest.End }})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// get serves a GET of target and returns the response and its body.
func get(t *testing.T, h http.Handler, target string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

func TestNewNeedsAStore(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Error("New without a store: no error")
	}
	if _, err := New(Options{Store: seeded(t), Window: -time.Hour}); err == nil {
		t.Error("New with a negative window: no error")
	}
}

func TestHealthz(t *testing.T) {
	st := seeded(t)
	s := newServer(t, st, "")
	res, body := get(t, s, "/healthz")
	var h health
	if err := json.Unmarshal([]byte(body), &h); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	if res.StatusCode != http.StatusOK || h.Status != "ok" || h.Reason != "" || res.Header.Get("Content-Type") != "application/json" {
		t.Errorf("healthy store: %d %q %+v", res.StatusCode, res.Header.Get("Content-Type"), h)
	}

	st.Close() // the store stops answering
	res, body = get(t, s, "/healthz")
	h = health{}
	if err := json.Unmarshal([]byte(body), &h); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	if res.StatusCode != http.StatusServiceUnavailable || h.Status != "unavailable" || !strings.Contains(h.Reason, "store: ") || !strings.Contains(h.Reason, "closed") {
		t.Errorf("closed store: %d %+v; want 503 with the reason", res.StatusCode, h)
	}
}

// The lead mounts the schedules' and the webhooks' handlers next to the
// server's own.
func TestHandle(t *testing.T) {
	s := newServer(t, seeded(t), "")
	s.Handle("POST /webhooks/github", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
	}))
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/webhooks/github", strings.NewReader("{}")))
	if rec.Code != http.StatusAccepted {
		t.Errorf("mounted handler: %d", rec.Code)
	}
	for target, want := range map[string]int{"/": 200, "/healthz": 200, "/metrics": 200, "/nope": 404, "/index.html": 404} {
		if res, _ := get(t, s, target); res.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", target, res.StatusCode, want)
		}
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d, want 405 (the dashboard is read-only)", rec.Code)
	}
}
