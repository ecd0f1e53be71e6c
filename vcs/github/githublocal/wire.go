package githublocal

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The JSON shapes below follow GitHub's REST API (the fields GitHub sends
// that a client may read; not every field GitHub has).

type userJSON struct {
	Login     string `json:"login"`
	ID        int64  `json:"id"`
	NodeID    string `json:"node_id"`
	URL       string `json:"url"`
	HTMLURL   string `json:"html_url"`
	Type      string `json:"type"`
	SiteAdmin bool   `json:"site_admin"`
}

type repoJSON struct {
	ID            int64    `json:"id"`
	NodeID        string   `json:"node_id"`
	Name          string   `json:"name"`
	FullName      string   `json:"full_name"`
	Owner         userJSON `json:"owner"`
	Private       bool     `json:"private"`
	HTMLURL       string   `json:"html_url"`
	URL           string   `json:"url"`
	DefaultBranch string   `json:"default_branch"`
}

type branchRefJSON struct {
	Label string   `json:"label"`
	Ref   string   `json:"ref"`
	SHA   string   `json:"sha"`
	User  userJSON `json:"user"`
	Repo  repoJSON `json:"repo"`
}

type labelJSON struct {
	ID          int64   `json:"id"`
	NodeID      string  `json:"node_id"`
	URL         string  `json:"url"`
	Name        string  `json:"name"`
	Description *string `json:"description"`
	Color       string  `json:"color"`
	Default     bool    `json:"default"`
}

// pullJSON is a pull request as the list endpoint returns it.
type pullJSON struct {
	URL               string        `json:"url"`
	ID                int64         `json:"id"`
	NodeID            string        `json:"node_id"`
	HTMLURL           string        `json:"html_url"`
	DiffURL           string        `json:"diff_url"`
	PatchURL          string        `json:"patch_url"`
	IssueURL          string        `json:"issue_url"`
	CommentsURL       string        `json:"comments_url"`
	StatusesURL       string        `json:"statuses_url"`
	Number            int           `json:"number"`
	State             string        `json:"state"`
	Locked            bool          `json:"locked"`
	Title             string        `json:"title"`
	User              userJSON      `json:"user"`
	Body              *string       `json:"body"`
	Labels            []labelJSON   `json:"labels"`
	CreatedAt         string        `json:"created_at"`
	UpdatedAt         string        `json:"updated_at"`
	ClosedAt          *string       `json:"closed_at"`
	MergedAt          *string       `json:"merged_at"`
	MergeCommitSHA    *string       `json:"merge_commit_sha"`
	Draft             bool          `json:"draft"`
	Head              branchRefJSON `json:"head"`
	Base              branchRefJSON `json:"base"`
	AuthorAssociation string        `json:"author_association"`
}

// pullDetailJSON is a pull request as the single-PR endpoints return it:
// the list shape plus merge state and counters. mergeable is null while
// GitHub is still computing it.
type pullDetailJSON struct {
	pullJSON
	Merged              bool      `json:"merged"`
	Mergeable           *bool     `json:"mergeable"`
	Rebaseable          *bool     `json:"rebaseable"`
	MergeableState      string    `json:"mergeable_state"`
	MergedBy            *userJSON `json:"merged_by"`
	Comments            int       `json:"comments"`
	ReviewComments      int       `json:"review_comments"`
	MaintainerCanModify bool      `json:"maintainer_can_modify"`
	Commits             int       `json:"commits"`
	Additions           int       `json:"additions"`
	Deletions           int       `json:"deletions"`
	ChangedFiles        int       `json:"changed_files"`
}

type commentJSON struct {
	ID                int64    `json:"id"`
	NodeID            string   `json:"node_id"`
	URL               string   `json:"url"`
	HTMLURL           string   `json:"html_url"`
	IssueURL          string   `json:"issue_url"`
	Body              string   `json:"body"`
	User              userJSON `json:"user"`
	CreatedAt         string   `json:"created_at"`
	UpdatedAt         string   `json:"updated_at"`
	AuthorAssociation string   `json:"author_association"`
}

type reviewJSON struct {
	ID                int64    `json:"id"`
	NodeID            string   `json:"node_id"`
	User              userJSON `json:"user"`
	Body              string   `json:"body"`
	State             string   `json:"state"`
	HTMLURL           string   `json:"html_url"`
	PullRequestURL    string   `json:"pull_request_url"`
	SubmittedAt       string   `json:"submitted_at"`
	CommitID          string   `json:"commit_id"`
	AuthorAssociation string   `json:"author_association"`
}

type fileJSON struct {
	SHA              string `json:"sha"`
	Filename         string `json:"filename"`
	Status           string `json:"status"`
	Additions        int    `json:"additions"`
	Deletions        int    `json:"deletions"`
	Changes          int    `json:"changes"`
	BlobURL          string `json:"blob_url"`
	RawURL           string `json:"raw_url"`
	ContentsURL      string `json:"contents_url"`
	Patch            string `json:"patch,omitempty"`
	PreviousFilename string `json:"previous_filename,omitempty"`
}

type statusJSON struct {
	URL         string   `json:"url"`
	AvatarURL   *string  `json:"avatar_url"`
	ID          int64    `json:"id"`
	NodeID      string   `json:"node_id"`
	State       string   `json:"state"`
	Description *string  `json:"description"`
	TargetURL   *string  `json:"target_url"`
	Context     string   `json:"context"`
	CreatedAt   string   `json:"created_at"`
	UpdatedAt   string   `json:"updated_at"`
	Creator     userJSON `json:"creator"`
}

type installationTokenJSON struct {
	Token               string            `json:"token"`
	ExpiresAt           string            `json:"expires_at"`
	Permissions         map[string]string `json:"permissions"`
	RepositorySelection string            `json:"repository_selection"`
}

// fieldError is one entry of a 422's errors array.
type fieldError struct {
	Resource string `json:"resource"`
	Field    string `json:"field,omitempty"`
	Code     string `json:"code"`
	Message  string `json:"message,omitempty"`
}

type errorJSON struct {
	Message          string       `json:"message"`
	Errors           []fieldError `json:"errors,omitempty"`
	DocumentationURL string       `json:"documentation_url"`
	Status           string       `json:"status"`
}

const docsURL = "https://docs.github.com/rest"

func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if v != nil {
		json.NewEncoder(w).Encode(v)
	}
}

func writeError(w http.ResponseWriter, status int, message string, errs ...fieldError) {
	writeJSON(w, status, errorJSON{Message: message, Errors: errs, DocumentationURL: docsURL, Status: strconv.Itoa(status)})
}

func notFound(w http.ResponseWriter) { writeError(w, http.StatusNotFound, "Not Found") }

// validationFailed is GitHub's 422 with one field error.
func validationFailed(w http.ResponseWriter, e fieldError) {
	writeError(w, http.StatusUnprocessableEntity, "Validation Failed", e)
}

// decodeBody reads a JSON request body into v; a body that is not JSON is
// GitHub's 400 "Problems parsing JSON".
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 10<<20)).Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "Problems parsing JSON")
		return false
	}
	return true
}

// page cuts a list of n items by the request's page and per_page (GitHub's
// default 30, at most 100) and sets the Link header GitHub sends: next and
// last while more follow, first and prev past the first page.
func page(w http.ResponseWriter, r *http.Request, n int) (from, to int) {
	q := r.URL.Query()
	per := 30
	if v, err := strconv.Atoi(q.Get("per_page")); err == nil && v > 0 {
		per = min(v, 100)
	}
	p := 1
	if v, err := strconv.Atoi(q.Get("page")); err == nil && v > 0 {
		p = v
	}
	last := max(1, (n+per-1)/per)
	link := func(target int, rel string) string {
		u := url.URL{Scheme: "http", Host: r.Host, Path: originalPath(r)}
		if r.TLS != nil {
			u.Scheme = "https"
		}
		v := r.URL.Query()
		v.Set("per_page", strconv.Itoa(per))
		v.Set("page", strconv.Itoa(target))
		u.RawQuery = v.Encode()
		return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
	}
	var links []string
	if p < last {
		links = append(links, link(p+1, "next"), link(last, "last"))
	}
	if p > 1 {
		links = append(links, link(1, "first"), link(min(p-1, last), "prev"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	from = min((p-1)*per, n)
	to = min(from+per, n)
	return from, to
}
