// Package server is what people and monitoring look at while driftfix
// runs: a read-only dashboard at /, Prometheus metrics at /metrics and a
// health check at /healthz, all read from the run history in the store.
// The schedules and the webhooks mount their own handlers on the same
// server (Handle).
package server

import (
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/driftfix/driftfix/store"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// DefaultWindow is how far back the dashboard and /metrics look.
const DefaultWindow = 30 * 24 * time.Hour

// Options configure a Server.
type Options struct {
	// Store holds the run history. Required.
	Store *store.Store
	// Project is the project the pages show ("" = every project); a
	// request's ?project= shows another. /metrics always covers Project.
	Project string
	// Window is how far back from now the metrics reach (0 = DefaultWindow).
	Window time.Duration
	// Now is the clock (nil = time.Now).
	Now func() time.Time
	// Logger receives what the server does. Nil discards.
	Logger *slog.Logger
	// RecentRuns is how many runs the dashboard lists (0 = 20); MaxFindings
	// how many open findings (0 = 200; the rest are counted).
	RecentRuns  int
	MaxFindings int
}

// Server serves the dashboard, /metrics and /healthz, and whatever else is
// mounted on it with Handle.
type Server struct {
	opts     Options
	mux      *http.ServeMux
	registry *prometheus.Registry
	webhooks webhookCounters
	page     *template.Template
}

// New builds the server.
func New(o Options) (*Server, error) {
	if o.Store == nil {
		return nil, errors.New("server: no store")
	}
	if o.Window == 0 {
		o.Window = DefaultWindow
	}
	if o.Window < 0 {
		return nil, errors.New("server: the window must be positive")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.RecentRuns <= 0 {
		o.RecentRuns = 20
	}
	if o.MaxFindings <= 0 {
		o.MaxFindings = 200
	}
	page, err := dashboardTemplate()
	if err != nil {
		return nil, err
	}
	s := &Server{opts: o, mux: http.NewServeMux(), registry: prometheus.NewRegistry(), webhooks: newWebhookCounters(), page: page}
	s.registry.MustRegister(
		&historyCollector{s: s},
		s.webhooks.received, s.webhooks.rejected,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	s.mux.HandleFunc("GET /{$}", s.dashboard)
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(o.Logger.Handler(), slog.LevelError),
		ErrorHandling: promhttp.ContinueOnError,
	}))
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Handle mounts h on pattern (http.ServeMux's patterns, such as
// "POST /webhooks/github"), next to the server's own pages.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// Registerer is where other parts of the server register their own
// Prometheus metrics; /metrics exports them with the history's.
func (s *Server) Registerer() prometheus.Registerer { return s.registry }
