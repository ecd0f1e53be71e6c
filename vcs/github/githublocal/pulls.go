package githublocal

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// maxBody is GitHub's limit on a pull request's or a comment's body, in
// characters.
const maxBody = 65536

// urls are the API and web roots of a request's host.
type urls struct{ api, web string }

func urlsOf(r *http.Request) urls {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	web := scheme + "://" + r.Host
	api := web
	if strings.HasPrefix(originalPath(r), enterprisePrefix+"/") {
		api += enterprisePrefix
	}
	return urls{api: api, web: web}
}

func (u urls) user(login string) userJSON {
	h := fnv.New32a()
	h.Write([]byte(login))
	id := int64(h.Sum32())
	typ := "User"
	if strings.HasSuffix(login, "[bot]") {
		typ = "Bot"
	}
	return userJSON{
		Login: login, ID: id, NodeID: fmt.Sprintf("U_%d", id), Type: typ,
		URL: u.api + "/users/" + login, HTMLURL: u.web + "/" + login,
	}
}

func (u urls) repo(r *repository) repoJSON {
	return repoJSON{
		ID: r.id, NodeID: fmt.Sprintf("R_%d", r.id), Name: r.name, FullName: fullName(r.owner, r.name),
		Owner: u.user(r.owner), Private: true, DefaultBranch: r.defaultBranch,
		HTMLURL: u.web + "/" + fullName(r.owner, r.name), URL: u.api + "/repos/" + fullName(r.owner, r.name),
	}
}

func (u urls) pull(repo *repository, p *pull) pullJSON {
	self := fmt.Sprintf("%s/repos/%s/pulls/%d", u.api, fullName(repo.owner, repo.name), p.number)
	issue := fmt.Sprintf("%s/repos/%s/issues/%d", u.api, fullName(repo.owner, repo.name), p.number)
	web := fmt.Sprintf("%s/%s/pull/%d", u.web, fullName(repo.owner, repo.name), p.number)
	j := pullJSON{
		URL: self, ID: p.id, NodeID: fmt.Sprintf("PR_%d", p.id), HTMLURL: web, DiffURL: web + ".diff", PatchURL: web + ".patch",
		IssueURL: issue, CommentsURL: issue + "/comments",
		StatusesURL: fmt.Sprintf("%s/repos/%s/statuses/%s", u.api, fullName(repo.owner, repo.name), p.headSHA),
		Number:      p.number, State: p.state, Title: p.title, User: u.user(p.user),
		Labels:    []labelJSON{},
		CreatedAt: timestamp(p.createdAt), UpdatedAt: timestamp(p.updatedAt),
		Head:              u.branch(repo, p.head, p.headSHA),
		Base:              u.branch(repo, p.base, p.baseSHA),
		AuthorAssociation: "MEMBER",
	}
	if p.body != "" {
		j.Body = &p.body
	}
	for _, name := range p.labels {
		j.Labels = append(j.Labels, u.label(repo, repo.labels[name]))
	}
	if !p.closedAt.IsZero() {
		t := timestamp(p.closedAt)
		j.ClosedAt = &t
	}
	if p.merged {
		t := timestamp(p.mergedAt)
		j.MergedAt = &t
	}
	return j
}

func (u urls) branch(repo *repository, name, sha string) branchRefJSON {
	return branchRefJSON{Label: repo.owner + ":" + name, Ref: name, SHA: sha, User: u.user(repo.owner), Repo: u.repo(repo)}
}

func (u urls) label(repo *repository, l *label) labelJSON {
	return labelJSON{
		ID: l.id, NodeID: fmt.Sprintf("LA_%d", l.id), Name: l.name, Color: l.color,
		URL: fmt.Sprintf("%s/repos/%s/labels/%s", u.api, fullName(repo.owner, repo.name), l.name),
	}
}

// detail is the single-PR shape; reading it counts down a mergeability
// still being computed.
func (u urls) detail(repo *repository, p *pull, read bool) pullDetailJSON {
	d := pullDetailJSON{pullJSON: u.pull(repo, p), Merged: p.merged, MergeableState: "unknown", ChangedFiles: len(p.files)}
	for _, f := range p.files {
		d.Additions += f.Additions
		d.Deletions += f.Deletions
	}
	if p.merged {
		by := u.user(repo.owner)
		d.MergedBy = &by
	}
	switch {
	case p.state != "open":
	case p.pendingReads > 0:
		if read {
			p.pendingReads--
		}
	default:
		m := p.mergeability.Mergeable
		d.Mergeable, d.Rebaseable, d.MergeableState = &m, &m, p.mergeability.State
	}
	return d
}

func tooLong(resource, body string) (fieldError, bool) {
	if utf8.RuneCountInString(body) <= maxBody {
		return fieldError{}, false
	}
	return fieldError{Resource: resource, Field: "body", Code: "custom", Message: fmt.Sprintf("body is too long (maximum is %d characters)", maxBody)}, true
}

type newPull struct {
	Title *string `json:"title"`
	Head  *string `json:"head"`
	Base  *string `json:"base"`
	Body  *string `json:"body"`
	Draft bool    `json:"draft"`
}

// createPull is POST /repos/{owner}/{repo}/pulls.
func (s *Server) createPull(w http.ResponseWriter, r *http.Request, repo *repository) {
	var in newPull
	if !decodeBody(w, r, &in) {
		return
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"title", in.Title}, {"head", in.Head}, {"base", in.Base}} {
		if f.v == nil || *f.v == "" {
			validationFailed(w, fieldError{Resource: "PullRequest", Field: f.name, Code: "missing_field"})
			return
		}
	}
	head := *in.Head
	if owner, branch, ok := strings.Cut(head, ":"); ok {
		if owner != repo.owner {
			validationFailed(w, fieldError{Resource: "PullRequest", Field: "head", Code: "invalid"})
			return
		}
		head = branch
	}
	headSHA, okHead := repo.branches[head]
	baseSHA, okBase := repo.branches[*in.Base]
	switch {
	case !okHead:
		validationFailed(w, fieldError{Resource: "PullRequest", Field: "head", Code: "invalid"})
		return
	case !okBase:
		validationFailed(w, fieldError{Resource: "PullRequest", Field: "base", Code: "invalid"})
		return
	case headSHA == baseSHA:
		validationFailed(w, fieldError{Resource: "PullRequest", Code: "custom", Message: fmt.Sprintf("No commits between %s and %s", *in.Base, head)})
		return
	}
	for _, p := range repo.issues {
		if p.state == "open" && p.head == head && p.base == *in.Base {
			validationFailed(w, fieldError{Resource: "PullRequest", Code: "custom", Message: fmt.Sprintf("A pull request already exists for %s:%s.", repo.owner, head)})
			return
		}
	}
	body := ""
	if in.Body != nil {
		body = *in.Body
	}
	if e, bad := tooLong("PullRequest", body); bad {
		validationFailed(w, e)
		return
	}
	s.nextID++
	now := s.now()
	p := &pull{
		id: s.nextID, number: repo.nextNumber, state: "open", title: *in.Title, body: body, user: caller(r),
		head: head, base: *in.Base, headSHA: headSHA, baseSHA: baseSHA, createdAt: now, updatedAt: now,
		mergeability: Mergeability{Mergeable: true, State: "clean"}, pendingReads: 1,
	}
	repo.issues[p.number] = p
	repo.nextNumber++
	u := urlsOf(r)
	d := u.detail(repo, p, false)
	w.Header().Set("Location", d.URL)
	writeJSON(w, http.StatusCreated, d)
}

// listPulls is GET /repos/{owner}/{repo}/pulls: state (open, closed,
// all), head (owner:branch), base; newest first.
func (s *Server) listPulls(w http.ResponseWriter, r *http.Request, repo *repository) {
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	if state != "open" && state != "closed" && state != "all" {
		validationFailed(w, fieldError{Resource: "PullRequest", Field: "state", Code: "invalid"})
		return
	}
	var match []*pull
	for n := repo.nextNumber - 1; n >= 1; n-- {
		p, ok := repo.issues[n]
		if !ok || (state != "all" && p.state != state) {
			continue
		}
		if h := q.Get("head"); h != "" {
			owner, branch, ok := strings.Cut(h, ":")
			if !ok || owner != repo.owner || branch != p.head {
				continue
			}
		}
		if b := q.Get("base"); b != "" && b != p.base {
			continue
		}
		match = append(match, p)
	}
	from, to := page(w, r, len(match))
	u := urlsOf(r)
	out := []pullJSON{}
	for _, p := range match[from:to] {
		out = append(out, u.pull(repo, p))
	}
	writeJSON(w, http.StatusOK, out)
}

// getPull is GET /repos/{owner}/{repo}/pulls/{number}.
func (s *Server) getPull(w http.ResponseWriter, r *http.Request, repo *repository, p *pull) {
	writeJSON(w, http.StatusOK, urlsOf(r).detail(repo, p, true))
}

type pullUpdate struct {
	Title *string `json:"title"`
	Body  *string `json:"body"`
	State *string `json:"state"`
	Base  *string `json:"base"`
}

// editPull is PATCH /repos/{owner}/{repo}/pulls/{number}.
func (s *Server) editPull(w http.ResponseWriter, r *http.Request, repo *repository, p *pull) {
	var in pullUpdate
	if !decodeBody(w, r, &in) {
		return
	}
	if in.State != nil && *in.State != "open" && *in.State != "closed" {
		validationFailed(w, fieldError{Resource: "PullRequest", Field: "state", Code: "invalid"})
		return
	}
	if in.State != nil && *in.State == "open" && p.merged {
		validationFailed(w, fieldError{Resource: "PullRequest", Field: "state", Code: "custom", Message: "state cannot be changed. The pull request cannot be reopened because it has been merged."})
		return
	}
	if in.Base != nil {
		if _, ok := repo.branches[*in.Base]; !ok {
			validationFailed(w, fieldError{Resource: "PullRequest", Field: "base", Code: "invalid"})
			return
		}
	}
	if in.Title != nil && *in.Title == "" {
		validationFailed(w, fieldError{Resource: "PullRequest", Field: "title", Code: "missing_field"})
		return
	}
	if in.Body != nil {
		if e, bad := tooLong("PullRequest", *in.Body); bad {
			validationFailed(w, e)
			return
		}
		p.body = *in.Body
	}
	if in.Title != nil {
		p.title = *in.Title
	}
	if in.Base != nil && *in.Base != p.base {
		p.base, p.baseSHA = *in.Base, repo.branches[*in.Base]
		p.pendingReads = max(p.pendingReads, 1) // GitHub recomputes mergeability
	}
	if in.State != nil && *in.State != p.state {
		p.state = *in.State
		if p.state == "closed" {
			p.closedAt = s.now()
		} else {
			p.closedAt = time.Time{}
			p.headSHA, p.baseSHA = repo.branches[p.head], repo.branches[p.base]
		}
	}
	p.updatedAt = s.now()
	writeJSON(w, http.StatusOK, urlsOf(r).detail(repo, p, false))
}

// listFiles is GET /repos/{owner}/{repo}/pulls/{number}/files (GitHub
// lists at most 3,000 files).
func (s *Server) listFiles(w http.ResponseWriter, r *http.Request, repo *repository, p *pull) {
	files := p.files[:min(len(p.files), 3000)]
	from, to := page(w, r, len(files))
	u := urlsOf(r)
	out := []fileJSON{}
	for i, f := range files[from:to] {
		sha := fakeSHA(int64(from + i + 1))
		out = append(out, fileJSON{
			SHA: sha, Filename: f.Filename, Status: f.Status, PreviousFilename: f.PreviousFilename,
			Additions: f.Additions, Deletions: f.Deletions, Changes: f.Additions + f.Deletions,
			BlobURL:     fmt.Sprintf("%s/%s/blob/%s/%s", u.web, fullName(repo.owner, repo.name), p.headSHA, f.Filename),
			RawURL:      fmt.Sprintf("%s/%s/raw/%s/%s", u.web, fullName(repo.owner, repo.name), p.headSHA, f.Filename),
			ContentsURL: fmt.Sprintf("%s/repos/%s/contents/%s?ref=%s", u.api, fullName(repo.owner, repo.name), f.Filename, p.headSHA),
		})
	}
	writeJSON(w, http.StatusOK, out)
}

// listReviews is GET /repos/{owner}/{repo}/pulls/{number}/reviews, in the
// order they were submitted.
func (s *Server) listReviews(w http.ResponseWriter, r *http.Request, repo *repository, p *pull) {
	from, to := page(w, r, len(p.reviews))
	u := urlsOf(r)
	out := []reviewJSON{}
	for _, rv := range p.reviews[from:to] {
		pj := u.pull(repo, p)
		out = append(out, reviewJSON{
			ID: rv.id, NodeID: fmt.Sprintf("PRR_%d", rv.id), User: u.user(rv.user), Body: rv.body, State: rv.state,
			HTMLURL: fmt.Sprintf("%s#pullrequestreview-%d", pj.HTMLURL, rv.id), PullRequestURL: pj.URL,
			SubmittedAt: timestamp(rv.submittedAt), CommitID: rv.commitID, AuthorAssociation: "MEMBER",
		})
	}
	writeJSON(w, http.StatusOK, out)
}

// addLabels is POST /repos/{owner}/{repo}/issues/{number}/labels: the body
// is a list of names or {"labels": [...]}; labels the repository lacks are
// created. It answers every label the issue now has.
func (s *Server) addLabels(w http.ResponseWriter, r *http.Request, repo *repository, p *pull) {
	var raw any
	if !decodeBody(w, r, &raw) {
		return
	}
	if obj, ok := raw.(map[string]any); ok {
		raw = obj["labels"]
	}
	list, ok := raw.([]any)
	if !ok {
		validationFailed(w, fieldError{Resource: "Label", Field: "labels", Code: "invalid"})
		return
	}
	for _, v := range list {
		name, ok := v.(string)
		if obj, isObj := v.(map[string]any); isObj {
			name, ok = obj["name"].(string)
		}
		if !ok || name == "" {
			validationFailed(w, fieldError{Resource: "Label", Field: "name", Code: "invalid"})
			return
		}
		if _, exists := repo.labels[name]; !exists {
			s.nextID++
			repo.labels[name] = &label{id: s.nextID, name: name, color: "ededed"}
		}
		if !slices.Contains(p.labels, name) {
			p.labels = append(p.labels, name)
		}
	}
	u := urlsOf(r)
	out := []labelJSON{}
	for _, name := range p.labels {
		out = append(out, u.label(repo, repo.labels[name]))
	}
	writeJSON(w, http.StatusOK, out)
}
