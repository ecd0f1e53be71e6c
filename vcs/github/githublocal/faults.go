package githublocal

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault is an answer GitHub gives instead of doing the call: a rate limit,
// a server error. FailNext queues faults; each is served once, to the first
// request it matches.
type Fault struct {
	// Match is "METHOD /path" (the path without the Enterprise prefix) or
	// a prefix of it; empty matches any request.
	Match            string
	Status           int
	Message          string
	DocumentationURL string
	Header           map[string]string
}

// PrimaryRateLimit is GitHub's answer when the hourly budget is spent: 403
// with X-RateLimit-Remaining 0 and the reset time.
func PrimaryRateLimit(reset time.Time) Fault {
	return Fault{
		Status:           http.StatusForbidden,
		Message:          "API rate limit exceeded for user ID 1.",
		DocumentationURL: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit",
		Header: map[string]string{
			"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0", "X-RateLimit-Used": "5000",
			"X-RateLimit-Reset": strconv.FormatInt(reset.Unix(), 10), "X-RateLimit-Resource": "core",
		},
	}
}

// SecondaryRateLimit is GitHub's answer to too many requests at once: 403
// pointing at the secondary-rate-limit documentation, with Retry-After.
func SecondaryRateLimit(retryAfter time.Duration) Fault {
	return Fault{
		Status:           http.StatusForbidden,
		Message:          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
		DocumentationURL: "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
		Header:           map[string]string{"Retry-After": strconv.Itoa(int(retryAfter / time.Second))},
	}
}

// TooManyRequests is the 429 GitHub also answers a secondary limit with.
func TooManyRequests(retryAfter time.Duration) Fault {
	f := SecondaryRateLimit(retryAfter)
	f.Status = http.StatusTooManyRequests
	return f
}

// FailNext queues faults.
func (s *Server) FailNext(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, faults...)
}

// takeFault removes and returns the first queued fault that matches r.
func (s *Server) takeFault(r *http.Request) (Fault, bool) {
	call := r.Method + " " + r.URL.Path
	for i, f := range s.faults {
		if strings.HasPrefix(call, f.Match) {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			return f, true
		}
	}
	return Fault{}, false
}

func (f Fault) write(w http.ResponseWriter) {
	for k, v := range f.Header {
		w.Header().Set(k, v)
	}
	doc := f.DocumentationURL
	if doc == "" {
		doc = docsURL
	}
	writeJSON(w, f.Status, errorJSON{Message: f.Message, DocumentationURL: doc, Status: strconv.Itoa(f.Status)})
}
