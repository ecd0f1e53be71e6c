package server

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// healthTimeout bounds the health check's query.
const healthTimeout = 5 * time.Second

// health is the body of /healthz.
type health struct {
	Status string `json:"status"`           // "ok" or "unavailable"
	Reason string `json:"reason,omitempty"` // why not ok
}

// healthz answers 200 when the store answers a trivial query (the latest
// run), 503 with the reason otherwise.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
	defer cancel()
	body, code := health{Status: "ok"}, http.StatusOK
	if _, err := s.opts.Store.RecentRuns(ctx, "", 1); err != nil {
		body, code = health{Status: "unavailable", Reason: "store: " + err.Error()}, http.StatusServiceUnavailable
		s.opts.Logger.Warn("health check failed", "err", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(body)
}
