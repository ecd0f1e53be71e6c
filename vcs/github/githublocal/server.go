package githublocal

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// enterprisePrefix is where GitHub Enterprise Server serves the REST API.
const enterprisePrefix = "/api/v3"

// Server is the local GitHub REST endpoint. Its zero value is not usable:
// make one with New.
type Server struct {
	mu  sync.Mutex
	mux *http.ServeMux
	now func() time.Time

	nextID        int64
	repos         map[string]*repository
	tokens        map[string]credential
	apps          map[int64]*app
	installations map[int64]int64 // installation id → app id
	faults        []Fault
	requests      []string
}

// credential is who a token authenticates.
type credential struct {
	login   string
	expires time.Time // zero: never
}

// New returns an empty endpoint on the real clock.
func New() *Server {
	s := &Server{
		now: time.Now, repos: map[string]*repository{}, tokens: map[string]credential{},
		apps: map[int64]*app{}, installations: map[int64]int64{},
	}
	m := http.NewServeMux()
	m.HandleFunc("POST /repos/{owner}/{repo}/pulls", s.withRepo(s.createPull))
	m.HandleFunc("GET /repos/{owner}/{repo}/pulls", s.withRepo(s.listPulls))
	m.HandleFunc("GET /repos/{owner}/{repo}/pulls/{number}", s.withPull(s.getPull))
	m.HandleFunc("PATCH /repos/{owner}/{repo}/pulls/{number}", s.withPull(s.editPull))
	m.HandleFunc("GET /repos/{owner}/{repo}/pulls/{number}/files", s.withPull(s.listFiles))
	m.HandleFunc("GET /repos/{owner}/{repo}/pulls/{number}/reviews", s.withPull(s.listReviews))
	m.HandleFunc("GET /repos/{owner}/{repo}/issues/{number}/comments", s.withPull(s.listComments))
	m.HandleFunc("POST /repos/{owner}/{repo}/issues/{number}/comments", s.withPull(s.createComment))
	m.HandleFunc("PATCH /repos/{owner}/{repo}/issues/comments/{id}", s.withRepo(s.editComment))
	m.HandleFunc("DELETE /repos/{owner}/{repo}/issues/comments/{id}", s.withRepo(s.deleteComment))
	m.HandleFunc("POST /repos/{owner}/{repo}/issues/{number}/labels", s.withPull(s.addLabels))
	m.HandleFunc("POST /repos/{owner}/{repo}/statuses/{sha}", s.withRepo(s.createStatus))
	m.HandleFunc("POST /app/installations/{id}/access_tokens", s.createInstallationToken)
	m.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { notFound(w) })
	s.mux = m
	return s
}

// SetClock replaces the clock (token expiry, JWT checks, timestamps).
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// AddToken makes token authenticate login (a personal access token).
func (s *Server) AddToken(token, login string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[token] = credential{login: login}
}

// Requests returns every request served so far as "METHOD /path?query",
// the path without the Enterprise prefix.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

type ctxKey struct{}

// originalPath is the request's path as the client sent it (with the
// Enterprise prefix, if it used one), for pagination links.
func originalPath(r *http.Request) string {
	if p, ok := r.Context().Value(ctxKey{}).(string); ok {
		return p
	}
	return r.URL.Path
}

// ServeHTTP answers one REST call.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	orig := r.URL.Path
	if p, ok := strings.CutPrefix(r.URL.Path, enterprisePrefix); ok && (p == "" || p[0] == '/') {
		r = r.Clone(context.WithValue(r.Context(), ctxKey{}, orig))
		r.URL.Path, r.URL.RawPath = p, ""
	}
	call := r.Method + " " + r.URL.Path
	if r.URL.RawQuery != "" {
		call += "?" + r.URL.RawQuery
	}
	s.mu.Lock()
	s.requests = append(s.requests, call)
	fault, faulted := s.takeFault(r)
	s.mu.Unlock()

	w.Header().Set("X-GitHub-Media-Type", "github.v3; format=json")
	w.Header().Set("X-GitHub-Request-Id", strconv.FormatInt(time.Now().UnixNano(), 16))
	if faulted {
		fault.write(w)
		return
	}
	s.rateHeaders(w)
	if !strings.HasPrefix(r.URL.Path, "/app/") {
		login, ok := s.authenticate(w, r)
		if !ok {
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), loginKey{}, login))
	}
	s.mux.ServeHTTP(w, r)
}

// rateHeaders are the primary rate-limit headers GitHub sends on every
// answer (a generous, never exhausted budget unless a fault says so).
func (s *Server) rateHeaders(w http.ResponseWriter) {
	s.mu.Lock()
	reset := s.now().Add(time.Hour).Unix()
	s.mu.Unlock()
	h := w.Header()
	h.Set("X-RateLimit-Limit", "5000")
	h.Set("X-RateLimit-Remaining", "4999")
	h.Set("X-RateLimit-Used", "1")
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset, 10))
	h.Set("X-RateLimit-Resource", "core")
}

type loginKey struct{}

// authenticate checks the Authorization header ("Bearer" or "token"
// scheme, as GitHub takes both) and returns who called; 401 otherwise.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		writeError(w, http.StatusUnauthorized, "Requires authentication")
		return "", false
	}
	scheme, token, _ := strings.Cut(h, " ")
	s.mu.Lock()
	cred, ok := s.tokens[token]
	expired := ok && !cred.expires.IsZero() && !s.now().Before(cred.expires)
	s.mu.Unlock()
	if (!strings.EqualFold(scheme, "bearer") && !strings.EqualFold(scheme, "token")) || !ok || expired {
		writeError(w, http.StatusUnauthorized, "Bad credentials")
		return "", false
	}
	return cred.login, true
}

func caller(r *http.Request) string {
	login, _ := r.Context().Value(loginKey{}).(string)
	return login
}

// withRepo resolves {owner}/{repo} (404 when unknown) and runs h under the
// state lock.
func (s *Server) withRepo(h func(http.ResponseWriter, *http.Request, *repository)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		repo, ok := s.repos[fullName(r.PathValue("owner"), r.PathValue("repo"))]
		if !ok {
			notFound(w)
			return
		}
		h(w, r, repo)
	}
}

// withPull resolves {owner}/{repo} and the pull request {number}.
func (s *Server) withPull(h func(http.ResponseWriter, *http.Request, *repository, *pull)) http.HandlerFunc {
	return s.withRepo(func(w http.ResponseWriter, r *http.Request, repo *repository) {
		n, err := strconv.Atoi(r.PathValue("number"))
		p, ok := repo.issues[n]
		if err != nil || !ok {
			notFound(w)
			return
		}
		h(w, r, repo, p)
	})
}
