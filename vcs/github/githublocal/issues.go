package githublocal

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

func (u urls) comment(repo *repository, c *comment) commentJSON {
	issue := fmt.Sprintf("%s/repos/%s/issues/%d", u.api, fullName(repo.owner, repo.name), c.issue)
	return commentJSON{
		ID: c.id, NodeID: fmt.Sprintf("IC_%d", c.id),
		URL:      fmt.Sprintf("%s/repos/%s/issues/comments/%d", u.api, fullName(repo.owner, repo.name), c.id),
		HTMLURL:  fmt.Sprintf("%s/%s/pull/%d#issuecomment-%d", u.web, fullName(repo.owner, repo.name), c.issue, c.id),
		IssueURL: issue, Body: c.body, User: u.user(c.user),
		CreatedAt: timestamp(c.createdAt), UpdatedAt: timestamp(c.updatedAt), AuthorAssociation: "MEMBER",
	}
}

type commentBody struct {
	Body *string `json:"body"`
}

// readCommentBody decodes {"body": ...}: 422 when it is missing or longer
// than GitHub takes.
func readCommentBody(w http.ResponseWriter, r *http.Request) (string, bool) {
	var in commentBody
	if !decodeBody(w, r, &in) {
		return "", false
	}
	if in.Body == nil || *in.Body == "" {
		validationFailed(w, fieldError{Resource: "IssueComment", Field: "body", Code: "missing_field"})
		return "", false
	}
	if e, bad := tooLong("IssueComment", *in.Body); bad {
		validationFailed(w, e)
		return "", false
	}
	return *in.Body, true
}

// listComments is GET /repos/{owner}/{repo}/issues/{number}/comments,
// oldest first.
func (s *Server) listComments(w http.ResponseWriter, r *http.Request, repo *repository, p *pull) {
	var on []*comment
	for _, c := range repo.comments {
		if c.issue == p.number {
			on = append(on, c)
		}
	}
	from, to := page(w, r, len(on))
	u := urlsOf(r)
	out := []commentJSON{}
	for _, c := range on[from:to] {
		out = append(out, u.comment(repo, c))
	}
	writeJSON(w, http.StatusOK, out)
}

// createComment is POST /repos/{owner}/{repo}/issues/{number}/comments.
func (s *Server) createComment(w http.ResponseWriter, r *http.Request, repo *repository, p *pull) {
	body, ok := readCommentBody(w, r)
	if !ok {
		return
	}
	s.nextID++
	c := &comment{id: s.nextID, issue: p.number, body: body, user: caller(r), createdAt: s.now(), updatedAt: s.now()}
	repo.comments = append(repo.comments, c)
	j := urlsOf(r).comment(repo, c)
	w.Header().Set("Location", j.URL)
	writeJSON(w, http.StatusCreated, j)
}

// findComment resolves {id} among the repository's comments.
func findComment(repo *repository, r *http.Request) (int, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, false
	}
	i := slices.IndexFunc(repo.comments, func(c *comment) bool { return c.id == id })
	return i, i >= 0
}

// editComment is PATCH /repos/{owner}/{repo}/issues/comments/{id}.
func (s *Server) editComment(w http.ResponseWriter, r *http.Request, repo *repository) {
	i, ok := findComment(repo, r)
	if !ok {
		notFound(w)
		return
	}
	body, ok := readCommentBody(w, r)
	if !ok {
		return
	}
	c := repo.comments[i]
	c.body, c.updatedAt = body, s.now()
	writeJSON(w, http.StatusOK, urlsOf(r).comment(repo, c))
}

// deleteComment is DELETE /repos/{owner}/{repo}/issues/comments/{id}.
func (s *Server) deleteComment(w http.ResponseWriter, r *http.Request, repo *repository) {
	i, ok := findComment(repo, r)
	if !ok {
		notFound(w)
		return
	}
	repo.comments = slices.Delete(repo.comments, i, i+1)
	w.WriteHeader(http.StatusNoContent)
}
